/**
 * Seeded pseudo-random numbers. Every random choice in the toolkit flows from
 * an {@link Rng} built from a user-visible integer seed.
 *
 * The generator is xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32; uniforms carry 53 random bits. {@link Rng.split} derives an
 * independent stream (for chains, particles, replicated runs) without
 * touching global state.
 *
 * @module
 */
import { BrenierError } from './errors.js';

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A seeded random-number generator (xoshiro128**).
 *
 * @example
 * ```ts
 * import { Rng } from 'brenier';
 *
 * const rng = new Rng(42);
 * const u = rng.uniform();   // in (0, 1)
 * const z = rng.normal();    // standard normal
 * const child = rng.split(); // independent stream
 * ```
 * @category Random numbers
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed - a non-negative safe integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new BrenierError('invalid-seed', `seed must be a non-negative safe integer, received ${String(seed)}`);
    }
    const mix = splitmix32((seed % TWO_POW_32) ^ Math.floor(seed / TWO_POW_32));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on the open interval (0, 1), with 53 random bits. */
  uniform(): number {
    for (;;) {
      const hi = this.nextUint32() >>> 5; // 27 bits
      const lo = this.nextUint32() >>> 6; // 26 bits
      const u = (hi * 67108864 + lo) / TWO_POW_53;
      if (u > 0) return u;
    }
  }

  /** Uniform integer in `[0, n)`. */
  integer(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new BrenierError('invalid-argument', `Rng.integer: n must be a positive integer, received ${n}`);
    }
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal variate (Marsaglia's polar method; the second variate of
   * each pair is discarded so that the state is exactly the four words).
   */
  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt((-2 * Math.log(s)) / s);
      }
    }
  }

  /** Standard exponential variate. */
  exponential(): number {
    return -Math.log(this.uniform());
  }

  /**
   * Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shape < 1 by the
   * boost `G(a) = G(a + 1) U^(1/a)`).
   */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) {
      throw new BrenierError('invalid-argument', `Rng.gamma: shape must be positive and finite, received ${shape}`);
    }
    if (shape < 1) {
      const g = this.gamma(shape + 1);
      return g * Math.pow(this.uniform(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Fill a new Float64Array with standard normal variates. */
  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /**
   * A new generator whose stream is independent of this one's for practical
   * purposes; advances this generator.
   */
  split(): Rng {
    const seed = this.nextUint32() * 2097152 + (this.nextUint32() >>> 11);
    return new Rng(seed);
  }

  /** The generator's internal state, to serialise and resume it. */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Restore a generator from {@link Rng.getState}. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
    return rng;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
