import { defineConfig } from 'vitest/config';

/**
 * Integration tests whose assertions are about responsiveness (an event loop that never stalls
 * 250 ms, a daemon answering within 5 s while it parses 20,000 functions): beside other test
 * files on two cores they would measure the load, not the code. They run last, alone.
 */
const ALONE = ['test/integration/parse-off-thread.test.ts', 'test/integration/big-file.test.ts'];

/**
 * Three projects, one after the other (a group each: `sequence.groupOrder`). Unit tests are
 * CPU-bound and pure (no mocks, no module state): two workers, one a core, sharing their module
 * cache instead of importing afresh per file. Integration tests start real daemons, git and
 * model servers, each in its own temp home, on its own socket and port 0, and mostly wait on
 * them: four workers keep two cores busy. Run beside them, unit tests starved the daemons into
 * time-outs. `npm run test:unit` runs the unit project alone.
 */
export default defineConfig({
  test: {
    // Integration tests start real daemons and git; generous limits, never timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 4,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-alone',
          include: ALONE,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
