import { defineConfig } from 'vitest/config';

/**
 * Integration tests whose assertions are about responsiveness (an event loop that never stalls
 * 250 ms, a daemon answering within 5 s while it parses 20,000 functions): beside other test
 * files on two cores they would measure the load, not the code. They run last, alone.
 */
const ALONE = ['test/integration/parse-off-thread.test.ts', 'test/integration/big-file.test.ts'];

/**
 * Three projects, run one after the other. Unit tests are pure and CPU-bound: two workers, one a
 * core. Integration tests start real daemons, git and model servers, each in its own temp home on
 * its own socket and on port 0, and spend most of their time waiting on them: more workers than
 * cores keep both cores busy. `npm run test:unit` runs the unit project alone.
 */
export default defineConfig({
  test: {
    // Integration tests start real daemons and git; generous limits, never timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ALONE,
          pool: 'forks',
          maxWorkers: 4,
          // Projects with different worker counts cannot share a group.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-alone',
          include: ALONE,
          pool: 'forks',
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
