/**
 * Computation backends. The toolkit runs its log densities and scores on
 * TensorFlow.js. Three backends are supported, in order of preference:
 *
 * - `'tensorflow'`: native libtensorflow through the optional package
 *   `@tensorflow/tfjs-node`, used when it is installed and loads;
 * - `'wasm'`: `@tensorflow/tfjs-backend-wasm` (SIMD, one thread in Node);
 * - `'cpu'`: the plain JavaScript backend, as a last resort.
 *
 * Call `await initBackend()` once before compiling models; pass a name to
 * choose one explicitly, or set the environment variable `BRENIER_BACKEND`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from './core/errors.js';

/**
 * Names of the supported backends: `'tensorflow'` (native, through
 * `@tensorflow/tfjs-node`), `'wasm'` and `'cpu'`.
 *
 * @example
 * ```ts
 * import { initBackend, type BackendName } from 'brenier';
 *
 * const preferred: BackendName = 'wasm';
 * const active: BackendName = await initBackend(preferred); // 'wasm', or a BackendError
 * ```
 */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * Backends in order of preference: `['tensorflow', 'wasm', 'cpu']`.
 *
 * @example Validate a backend name from the command line
 * ```ts
 * import { BACKENDS, initBackend, type BackendName } from 'brenier';
 *
 * const requested = process.argv[2] ?? 'auto';
 * if (requested !== 'auto' && !(BACKENDS as readonly string[]).includes(requested)) {
 *   throw new Error(`unknown backend ${requested}: expected one of ${BACKENDS.join(', ')}`);
 * }
 * await initBackend(requested as BackendName | 'auto');
 * ```
 */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const require = createRequire(import.meta.url);
let wasmRegistered = false;
let nodeLoadError: unknown;

async function register(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    if (tf.findBackendFactory('tensorflow')) return;
    try {
      // tfjs-node registers the 'tensorflow' backend on the shared tfjs-core
      // instance as a side effect. A missing native binding throws errors
      // other than MODULE_NOT_FOUND, so every error means "not available".
      require('@tensorflow/tfjs-node');
    } catch (error) {
      nodeLoadError = error;
    }
    if (!tf.findBackendFactory('tensorflow')) {
      throw new BackendError(
        `backend 'tensorflow' is not available: @tensorflow/tfjs-node did not load (${describeLoadError(nodeLoadError)})`,
      );
    }
  } else if (name === 'wasm' && !wasmRegistered) {
    await import('@tensorflow/tfjs-backend-wasm');
    wasmRegistered = true;
  }
}

function describeLoadError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return 'not installed';
}

/**
 * Options of {@link initBackend}.
 *
 * @example Prefer the native backend, fall back quietly
 * ```ts
 * import { initBackend, type InitBackendOptions } from 'brenier';
 *
 * const options: InitBackendOptions = { strict: false };
 * const name = await initBackend('tensorflow', options);
 * // 'tensorflow' with @tensorflow/tfjs-node installed, else 'wasm' (or 'cpu')
 * ```
 */
export interface InitBackendOptions {
  /**
   * Throw instead of falling back when the requested backend cannot be
   * loaded. Default: `true` when a backend is named explicitly, `false` for
   * `'auto'`.
   */
  strict?: boolean;
}

/**
 * Load and activate a backend. With `'auto'` (the default, unless the
 * environment variable `BRENIER_BACKEND` names one) it tries `'tensorflow'`,
 * then `'wasm'`, then `'cpu'`, and activates the first that loads.
 *
 * @param preferred - a backend name or `'auto'`.
 * @returns the name of the active backend.
 * @throws {@link BackendError} when a named backend cannot be loaded.
 * @example
 * ```ts
 * import { initBackend } from 'brenier';
 *
 * const name = await initBackend(); // 'wasm' on a machine without tfjs-node
 * ```
 * @example Insist on one backend
 * ```ts
 * import { BackendError, initBackend } from 'brenier';
 *
 * try {
 *   await initBackend('tensorflow'); // strict: no fallback when a backend is named
 * } catch (error) {
 *   if (!(error instanceof BackendError)) throw error;
 *   console.warn(error.message); // "... @tensorflow/tfjs-node did not load ..."
 *   await initBackend('wasm');
 * }
 * ```
 * @category Backend
 */
export async function initBackend(
  preferred: BackendName | 'auto' = defaultPreference(),
  options: InitBackendOptions = {},
): Promise<BackendName> {
  if (preferred !== 'auto' && !BACKENDS.includes(preferred)) {
    throw new BackendError(`unknown backend '${String(preferred)}': expected one of ${BACKENDS.join(', ')} or 'auto'`);
  }
  const strict = options.strict ?? preferred !== 'auto';
  const candidates = preferred === 'auto' ? BACKENDS : [preferred, ...BACKENDS.filter((b) => b !== preferred)];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await register(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        tf.enableProdMode();
        return name;
      }
      failures.push(`${name}: initialisation failed`);
    } catch (error) {
      failures.push(`${name}: ${describeLoadError(error)}`);
    }
    if (strict) break;
  }
  throw new BackendError(`no backend could be initialised (${failures.join('; ')})`);
}

function defaultPreference(): BackendName | 'auto' {
  const env = process.env['BRENIER_BACKEND'];
  if (env === undefined || env === '' || env === 'auto') return 'auto';
  if ((BACKENDS as readonly string[]).includes(env)) return env as BackendName;
  throw new BackendError(
    `environment variable BRENIER_BACKEND='${env}' is not one of ${BACKENDS.join(', ')} or 'auto'`,
  );
}

/**
 * Name of the active backend, or `undefined` if {@link initBackend} has not
 * completed yet.
 *
 * @example
 * ```ts
 * import { activeBackend, initBackend } from 'brenier';
 *
 * activeBackend(); // undefined
 * await initBackend();
 * activeBackend(); // 'wasm' (on a machine without tfjs-node)
 * ```
 * @category Backend
 */
export function activeBackend(): BackendName | undefined {
  const engine = tf.engine();
  // `backendName` is set only once a backend has been initialised.
  const name = (engine as unknown as { backendName: string | null }).backendName;
  if (name === null || name === undefined) return undefined;
  return (BACKENDS as readonly string[]).includes(name) ? (name as BackendName) : undefined;
}

/**
 * Throw a {@link BackendError} unless a backend is ready. Called by every
 * synchronous entry point that computes with tensors.
 *
 * @internal
 */
export function requireBackend(): BackendName {
  const name = activeBackend();
  if (name === undefined) {
    throw new BackendError('no computation backend is ready: call `await initBackend()` once before using models');
  }
  return name;
}
