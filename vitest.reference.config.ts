import { defineConfig } from 'vitest/config';

// The reference-accuracy suite: slower checks of fitted posteriors against
// long MCMC runs and posteriordb references (`npm run test:reference`).
export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
