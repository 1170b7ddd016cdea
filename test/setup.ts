// Every test file runs on the default backend (wasm here), chosen the way
// users get it, unless BRENIER_BACKEND says otherwise.
import { beforeAll } from 'vitest';
import { initBackend } from '../src/backend.js';

beforeAll(async () => {
  await initBackend();
});
