import { defineConfig } from 'vitest/config';

/**
 * Integration tests whose assertions are about responsiveness (an event loop that never stalls
 * 250 ms, a daemon answering within 5 s while it parses 20,000 functions): beside other test
 * files on two cores they would measure the load, not the code. They run last, alone.
 */
const ALONE = ['test/integration/parse-off-thread.test.ts', 'test/integration/big-file.test.ts'];

/**
 * Unit and integration tests share four workers on two cores: integration tests (real daemons,
 * git and model servers, each in its own temp home, on its own socket and port 0) spend most of
 * their time waiting, and unit tests fill that time. Unit tests (pure, no module state, no
 * mocks) share their workers' module cache: no fresh import of vitest and the modules per file.
 * `npm run test:unit` runs the unit project alone.
 */
export default defineConfig({
  test: {
    // Integration tests start real daemons and git; generous limits, never timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ALONE,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-alone',
          include: ALONE,
          maxWorkers: 1,
          // After the others (a project with other worker counts needs a group of its own).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
