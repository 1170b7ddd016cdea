import { defineConfig } from 'vitest/config';

// The full simulation-based-calibration suite (`npm run test:sbc`): R = 300
// replications per conjugate model, about two minutes.
export default defineConfig({
  test: {
    include: ['test/sbc/**/*.sbc.test.ts'],
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
