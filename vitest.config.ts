import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real daemons and git; generous limits, never timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
