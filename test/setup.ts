// Every test file runs on the default backend (wasm here), chosen the way
// users get it, unless BRENIER_BACKEND says otherwise. Top-level await: the
// backend is ready before the test file is even imported.
import { initBackend } from '../src/backend.js';

await initBackend();
