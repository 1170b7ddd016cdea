import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reference-accuracy suite runs on its own (npm run test:reference).
    exclude: ['**/*.sbc.test.ts', 'test/reference/**', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
