#!/usr/bin/env node
/**
 * The `brenier` executable: runs {@link main} on the process arguments and
 * exits with its code. A `.ts` model file needs a TypeScript loader; when
 * `tsx` is installed it is registered first.
 *
 * @module
 */
import { main } from './main.js';

try {
  const api = (await import('tsx/esm/api')) as { register: () => unknown };
  api.register();
} catch {
  // No TypeScript loader: .js and .mjs model files still work.
}
process.exitCode = await main(process.argv.slice(2));
