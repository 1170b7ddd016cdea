import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activeBackend, initBackend } from '../src/backend.js';
import { BackendError } from '../src/core/errors.js';

describe('backends', () => {
  const initial = activeBackend();
  afterAll(async () => {
    if (initial !== undefined) await initBackend(initial);
  });

  it('reports the active backend after initialisation', () => {
    expect(['tensorflow', 'wasm', 'cpu']).toContain(initial);
    expect(tf.getBackend()).toBe(initial);
  });

  it('can be chosen explicitly', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    expect(await initBackend('wasm')).toBe('wasm');
    expect(activeBackend()).toBe('wasm');
  });

  it('falls back from tfjs-node when it cannot load, and says why when asked strictly', async () => {
    let nodeLoads = true;
    try {
      await initBackend('tensorflow');
    } catch (error) {
      nodeLoads = false;
      expect(error).toBeInstanceOf(BackendError);
      expect((error as Error).message).toMatch(/tfjs-node/);
    }
    const auto = await initBackend('auto');
    expect(auto).toBe(nodeLoads ? 'tensorflow' : 'wasm');
  });

  it('rejects unknown backend names', async () => {
    await expect(initBackend('gpu' as never)).rejects.toThrow(/unknown backend 'gpu'/);
  });
});
