/**
 * Convergence diagnostics and Monte Carlo standard errors for MCMC chains,
 * after Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
 * "Rank-normalization, folding, and localization: an improved R-hat for
 * assessing convergence of MCMC", Bayesian Analysis 16(2), 667-718, computed
 * as the R package `posterior` (version 1.7) computes them: split chains,
 * rank normalisation with Blom's offset, folding about the median, Geyer's
 * initial monotone sequence on the multi-chain autocorrelation estimate.
 *
 * Every function takes `chains`, an array of `M >= 1` chains of equal length
 * `N`, each the draws of one scalar quantity in iteration order (warm-up
 * removed). As in `posterior`, a result is `NaN` (R's `NA`) when any draw is
 * `NaN`, when a draw is infinite (except in the rank-based `rhat`,
 * `rhatBulk`, `rhatTail` and `essBulk`, which rank it as the extreme
 * value), when the (transformed) draws are constant, or when the split
 * chains are too short (fewer than 3 draws each for an ESS).
 *
 * What to do with the numbers (the recommendations of Vehtari et al. 2021):
 * - use the draws only if `rhat < 1.01` for every quantity, and
 * - `essBulk` and `essTail` exceed `100` per chain (`400` for four chains),
 *   so that R-hat and the MCSEs themselves are reliable; otherwise run the
 *   chains longer, or reparametrise or fix the model;
 * - then report estimates with their MCSE (`mcseMean`, `mcseQuantile`) and
 *   check that it is small enough for the precision you need.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import { logBeta } from '../math/special.js';
import type { Draws } from '../posterior/draws.js';
import { autocovariance } from './fft.js';
import { percentLabel, type SummaryRow } from './summary.js';
import { quantileSorted } from './weights.js';

/**
 * Draws of one scalar quantity from `M` chains, each in iteration order,
 * all of the same length.
 *
 * @example
 * ```ts
 * import { rhat, type Chains } from 'brenier';
 *
 * // the draws of one quantity, one array per chain, in iteration order
 * // (from sampleNuts: fit.chainDraws(c).get('mu') for c = 0, 1, ...)
 * const chains: Chains = [
 *   [0.12, -0.41, 0.33, 0.95, -0.2, 0.61],
 *   Float64Array.of(0.5, 0.07, -0.64, 0.21, 0.48, -0.15),
 * ];
 * rhat(chains); // real chains are much longer
 * ```
 * @category Diagnostics
 */
export type Chains = readonly (Float64Array | readonly number[])[];

/** Validate the shape of `chains` and copy them into Float64Arrays. */
function checkChains(fn: string, chains: Chains): Float64Array[] {
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new BrenierError('invalid-argument', `${fn}: chains must be a non-empty array of chains`);
  }
  let n = -1;
  return chains.map((chain, j) => {
    if (!(chain instanceof Float64Array) && !Array.isArray(chain)) {
      throw new BrenierError('invalid-argument', `${fn}: chains[${j}] must be a Float64Array or an array of numbers`);
    }
    if (chain.length === 0) throw new BrenierError('invalid-argument', `${fn}: chains[${j}] is empty`);
    if (n === -1) n = chain.length;
    else if (chain.length !== n) {
      throw new BrenierError(
        'invalid-argument',
        `${fn}: chains must have the same length, but chains[0] has ${n} draws and chains[${j}] has ${chain.length}`,
      );
    }
    return Float64Array.from(chain as ArrayLike<number>);
  });
}

/** `posterior`'s `should_return_NA`: a non-finite draw, or all draws within machine epsilon of each other. */
function shouldReturnNaN(chains: readonly Float64Array[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const chain of chains) {
    for (const v of chain) {
      if (!Number.isFinite(v)) return true;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return Math.abs(max - min) < Number.EPSILON;
}

/**
 * Split each chain into its first and second halves, `2M` chains of
 * `floor(N/2)` draws; for odd `N` the middle draw is dropped (`posterior`'s
 * `.split_chains`). Chains of one draw are returned as they are.
 */
function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  const n = (chains[0] as Float64Array).length;
  if (n === 1) return chains.map((c) => Float64Array.from(c));
  const half = Math.floor(n / 2);
  const firsts = chains.map((c) => c.slice(0, half));
  const seconds = chains.map((c) => c.slice(n - half));
  return [...firsts, ...seconds];
}

function pooled(chains: readonly Float64Array[]): Float64Array {
  const n = chains.reduce((s, c) => s + c.length, 0);
  const out = new Float64Array(n);
  let offset = 0;
  for (const c of chains) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Sample variance, denominator `n - 1` (R's `var`). */
function variance(x: Float64Array | readonly number[]): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] as number;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((x[i] as number) - m) ** 2;
  return ss / (n - 1);
}

/** Median of all draws as R's `median`: the middle value, or the mean of the two middle values. */
function median(x: Float64Array): number {
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  const half = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}

/**
 * Ranks of `x` (1-based), ties given their average rank, as R's
 * `rank(x, ties.method = 'average')`.
 */
function averageRanks(x: Float64Array): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const xa = x[a] as number;
    const xb = x[b] as number;
    return xa < xb ? -1 : xa > xb ? 1 : 0; // not xa - xb, which is NaN for equal infinities
  });
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1] as number] === x[order[i] as number]) j++;
    const r = (i + j + 2) / 2; // average of the 1-based ranks i+1..j+1
    for (let k = i; k <= j; k++) ranks[order[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Rank normalisation (`posterior`'s `z_scale` with Blom's offset `c = 3/8`):
 * every draw of every chain is replaced by `Phi^-1((r - 3/8) / (S + 1/4))`,
 * with `r` its average rank among all `S` draws.
 */
function zScale(chains: readonly Float64Array[]): Float64Array[] {
  const all = pooled(chains);
  // R keeps NA as NA (and the diagnostics then return NA); infinite draws are ranked like any other.
  if (all.some(Number.isNaN)) return chains.map((c) => new Float64Array(c.length).fill(Number.NaN));
  const ranks = averageRanks(all);
  const s = all.length;
  const out: Float64Array[] = [];
  let offset = 0;
  for (const c of chains) {
    const z = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) z[i] = normalQuantile(((ranks[offset + i] as number) - 3 / 8) / (s + 1 / 4));
    out.push(z);
    offset += c.length;
  }
  return out;
}

/** `|x - median(x)|` over all draws (`posterior`'s `fold_draws`). */
function fold(chains: readonly Float64Array[]): Float64Array[] {
  const med = median(pooled(chains));
  return chains.map((c) => c.map((v) => Math.abs(v - med)));
}

/**
 * Potential scale reduction of already split (and possibly transformed)
 * chains, `posterior`'s `.rhat`.
 */
function rhatOf(chains: readonly Float64Array[]): number {
  if (shouldReturnNaN(chains)) return Number.NaN;
  const n = (chains[0] as Float64Array).length;
  const chainMeans = chains.map(mean);
  const varBetween = n * variance(chainMeans);
  const varWithin = chains.reduce((s, c) => s + variance(c), 0) / chains.length;
  return Math.sqrt((varBetween / varWithin + n - 1) / n);
}

/**
 * Effective sample size of already split (and possibly transformed) chains,
 * `posterior`'s `.ess`: Geyer's initial monotone sequence on the
 * multi-chain autocorrelation estimate, with the "improved" last term and
 * the cap `ESS <= S log10(S)`.
 */
function essOf(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = (chains[0] as Float64Array).length;
  if (n < 3 || shouldReturnNaN(chains)) return Number.NaN;
  const acovMeans = new Float64Array(n);
  for (const c of chains) {
    const acov = autocovariance(c);
    for (let t = 0; t < n; t++) acovMeans[t] = (acovMeans[t] as number) + (acov[t] as number) / m;
  }
  const meanVar = ((acovMeans[0] as number) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean));
  const rhoAt = (t: number): number => 1 - (meanVar - (acovMeans[t] as number)) / varPlus;

  // Geyer's initial positive sequence: rho[t] is the autocorrelation at lag t.
  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = rhoAt(1);
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // Used in the improved estimate.
  if (rhoEven > 0) rho[maxT] = rhoEven;

  // Geyer's initial monotone sequence.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if ((rho[t] as number) + (rho[t + 1] as number) > (rho[t - 2] as number) + (rho[t - 1] as number)) {
      rho[t] = ((rho[t - 2] as number) + (rho[t - 1] as number)) / 2;
      rho[t + 1] = rho[t] as number;
    }
  }
  const total = m * n;
  // tau = -1 + 2 sum_{t < maxT} rho[t] + rho[maxT]; R's `1:maxT` is `c(1, 0)` when maxT = 0, i.e. lag 0 alone.
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k] as number;
  let tau = -1 + 2 * sum + (rho[maxT] as number);
  // Safety bound against negative values; caps the ESS at S log10(S).
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * Classic split R-hat (Gelman et al. 2013, BDA3, Section 11.4), `posterior`'s
 * `rhat_basic`. With `split` (the default) each chain is cut into halves
 * (the middle draw of an odd-length chain is dropped), giving `m` chains of
 * `n` draws `x_ij`; then
 *
 * - `B = n / (m - 1) sum_j (xbar_j - xbar)^2` (between-chain variance),
 * - `W = 1/m sum_j s_j^2`, `s_j^2 = 1/(n - 1) sum_i (x_ij - xbar_j)^2` (within),
 * - `var+ = (n - 1)/n W + B/n`, and `R-hat = sqrt(var+ / W)`.
 *
 * Not invariant to transformations and blind to chains that differ only in
 * scale; prefer {@link rhat}. Use the draws only if it is below 1.01.
 *
 * @param chains - `M` chains of equal length.
 * @param options - `split` (default `true`).
 * @returns R-hat, or `NaN` for non-finite or constant draws.
 * @example
 * ```ts
 * import { rhatBasic, Rng } from 'brenier';
 *
 * // the fourth chain is 3 times wider than the others: the classic R-hat does not see it
 * const rng = new Rng(1);
 * const chains = [rng.normals(1000), rng.normals(1000), rng.normals(1000), rng.normals(1000).map((x) => 3 * x)];
 * rhatBasic(chains); // ≈ 1.0008 (rhat(chains) ≈ 1.145)
 * rhatBasic(chains, { split: false }); // ≈ 1.0009, without splitting the chains in halves
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) when `chains` is empty
 *   or the chains are empty or of different lengths.
 * @category Diagnostics
 */
export function rhatBasic(chains: Chains, options: { split?: boolean } = {}): number {
  const x = checkChains('rhatBasic', chains);
  return rhatOf(options.split === false ? x : splitChains(x));
}

/**
 * Bulk R-hat: {@link rhatBasic} of the rank-normalised split chains, each
 * draw replaced by `z = Phi^-1((r - 3/8) / (S + 1/4))` with `r` its
 * average rank among all `S` split draws. Invariant under strictly
 * increasing transformations of the draws; detects chains with different
 * locations.
 *
 * @param chains - `M` chains of equal length.
 * @returns bulk R-hat, or `NaN` for non-finite or constant draws.
 * @example
 * ```ts
 * import { rhatBulk, Rng } from 'brenier';
 *
 * // the fourth chain is shifted by one sd
 * const rng = new Rng(1);
 * const chains = [rng.normals(1000), rng.normals(1000), rng.normals(1000), rng.normals(1000).map((x) => x + 1)];
 * rhatBulk(chains); // ≈ 1.086, above 1.01: the chains disagree
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function rhatBulk(chains: Chains): number {
  return rhatOf(zScale(splitChains(checkChains('rhatBulk', chains))));
}

/**
 * Tail (folded) R-hat: the bulk R-hat of the folded draws
 * `|x - median(x)|` (median of all draws). Detects chains with different
 * scales, which the bulk R-hat can miss.
 *
 * @param chains - `M` chains of equal length.
 * @returns tail R-hat, or `NaN` for non-finite or constant (folded) draws.
 * @example
 * ```ts
 * import { rhatBulk, rhatTail, Rng } from 'brenier';
 *
 * // the fourth chain is 3 times wider than the others
 * const rng = new Rng(1);
 * const chains = [rng.normals(1000), rng.normals(1000), rng.normals(1000), rng.normals(1000).map((x) => 3 * x)];
 * rhatBulk(chains); // ≈ 1.0005: the locations agree
 * rhatTail(chains); // ≈ 1.145: the scales do not
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function rhatTail(chains: Chains): number {
  return rhatOf(zScale(splitChains(fold(checkChains('rhatTail', chains)))));
}

/**
 * Rank-normalised split R-hat of Vehtari et al. (2021), `posterior`'s `rhat`:
 *
 * `R-hat = max(rhatBulk, rhatTail)`,
 *
 * the larger of the split R-hat of the rank-normalised draws and that of the
 * rank-normalised folded draws `|x - median(x)|`.
 *
 * Threshold: use the draws only if `R-hat < 1.01` (together with bulk and
 * tail ESS above 100 per chain); otherwise the chains have not mixed: run
 * them longer, or reparametrise the model. Needs at least two chains to
 * compare (one chain is compared with itself only through its two halves).
 *
 * @param chains - `M` chains of equal length (4 or more recommended).
 * @returns R-hat (`>= ~1`), or `NaN` for non-finite or constant draws (or
 *   constant folded draws).
 * @example
 * ```ts
 * import { rhat, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const chains = [rng.normals(1000), rng.normals(1000), rng.normals(1000), rng.normals(1000)];
 * rhat(chains); // ≈ 1.000: four independent chains from one distribution
 * rhat([...chains.slice(0, 3), chains[3]!.map((x) => x + 1)]); // ≈ 1.086: one chain is off by one sd
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function rhat(chains: Chains): number {
  const x = checkChains('rhat', chains);
  const bulk = rhatOf(zScale(splitChains(x)));
  const tail = rhatOf(zScale(splitChains(fold(x))));
  return Math.max(bulk, tail);
}

/**
 * Effective sample size of the split chains (no transformation),
 * `posterior`'s `ess_basic` (and `ess_mean`). With the `m` split chains of
 * `n` draws, the autocovariances `acov_j(t)` of each chain (divisor `n`,
 * by FFT) and `W`, `var+` as in {@link rhatBasic}, the combined
 * autocorrelation is
 *
 * `rho(t) = 1 - (W - mean_j acov_j(t)) / var+`,
 *
 * summed by Geyer's initial monotone sequence: pairs
 * `P_k = rho(2k) + rho(2k+1)` are added while positive (up to lag `n - 3`)
 * and made non-increasing (a pair larger than the previous one is replaced
 * by it); with `T` the even lag where this stops,
 *
 * `tau = -1 + 2 sum_{t < T} rho(t) + rho(T)`, `ESS = m n / max(tau, 1 / log10(m n))`,
 *
 * where the last term, `rho(T)` when positive (0 otherwise, unless the
 * pair at `T` was kept), is `posterior`'s improvement that reduces the
 * variance for antithetic chains.
 *
 * It is the ESS of the mean: `mcseMean = sd / sqrt(essBasic)`. ESS can
 * exceed `m n` for antithetic chains, capped at `m n log10(m n)`.
 *
 * @param chains - `M` chains of equal length.
 * @param options - `split` (default `true`).
 * @returns the ESS, or `NaN` for non-finite or constant draws or split
 *   chains shorter than 3.
 * @example
 * ```ts
 * import { essBasic, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * essBasic(chains); // ≈ 162 of 4000 draws (theory: 4000 (1 - 0.9) / (1 + 0.9) ≈ 211)
 * essBasic(chains, { split: false }); // ≈ 158, the same estimator on the unsplit chains
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function essBasic(chains: Chains, options: { split?: boolean } = {}): number {
  const x = checkChains('essBasic', chains);
  return essOf(options.split === false ? x : splitChains(x));
}

/**
 * Effective sample size for the mean, `posterior`'s `ess_mean`: the same as
 * {@link essBasic} with split chains.
 *
 * @param chains - `M` chains of equal length.
 * @returns the ESS of the mean, or `NaN` (see {@link essBasic}).
 * @example
 * ```ts
 * import { essMean, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * essMean(chains); // ≈ 162: the mean of the 4000 draws is as precise as that of 162 independent ones
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function essMean(chains: Chains): number {
  return essOf(splitChains(checkChains('essMean', chains)));
}

/**
 * Bulk effective sample size: {@link essBasic} of the rank-normalised split
 * chains (see {@link rhatBulk}), `posterior`'s `ess_bulk`. Measures the
 * sampling efficiency in the bulk of the distribution (for location
 * summaries such as the mean and median) and is defined even when the mean
 * does not exist.
 *
 * Threshold: at least 100 per chain (400 for four chains) for R-hat and the
 * MCSE estimates to be reliable; below that, run longer chains.
 *
 * @param chains - `M` chains of equal length.
 * @returns bulk ESS, or `NaN` (see {@link essBasic}).
 * @example
 * ```ts
 * import { essBulk, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * const ess = essBulk(chains); // ≈ 163
 * if (ess < 100 * chains.length) console.warn(`bulk ESS ${ess.toFixed(0)} < 400: run longer chains`);
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function essBulk(chains: Chains): number {
  return essOf(zScale(splitChains(checkChains('essBulk', chains))));
}

function essQuantileOf(x: readonly Float64Array[], p: number): number {
  if (shouldReturnNaN(x)) return Number.NaN;
  const all = pooled(x);
  const s = all.length;
  const prob = p === 1 ? (s - 0.5) / s : p;
  const q = quantileSorted(Float64Array.from(all).sort(), prob);
  return essOf(splitChains(x.map((c) => c.map((v) => (v <= q ? 1 : 0)))));
}

function checkProbability(fn: string, p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new BrenierError('invalid-argument', `${fn}: p must be a probability in [0, 1], received ${p}`);
  }
}

/**
 * Effective sample size of the `p`-quantile estimate, `posterior`'s
 * `ess_quantile`: {@link essBasic} of the split indicator chains
 * `I(x <= q_p)`, with `q_p` the type-7 quantile of all draws (for `p = 1`,
 * `p` is replaced by `(S - 1/2)/S`).
 *
 * @param chains - `M` chains of equal length.
 * @param p - probability in `[0, 1]`.
 * @returns the ESS, or `NaN` (see {@link essBasic}, also when the indicator is constant).
 * @example
 * ```ts
 * import { essQuantile, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * essQuantile(chains, 0.5); // ≈ 218, the ESS of the median
 * essQuantile(chains, 0.95); // ≈ 353
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}, or naming `p`.
 * @category Diagnostics
 */
export function essQuantile(chains: Chains, p: number): number {
  const x = checkChains('essQuantile', chains);
  checkProbability('essQuantile', p);
  return essQuantileOf(x, p);
}

/**
 * Tail effective sample size, `posterior`'s `ess_tail`:
 * `min(essQuantile(chains, 0.05), essQuantile(chains, 0.95))`, the ESS of
 * the 5% and 95% quantile indicators. Measures the sampling efficiency in
 * the tails (for intervals and tail quantiles).
 *
 * Threshold: at least 100 per chain (400 for four chains); below that the
 * tail quantiles, and the 90% interval, are unreliable: run longer chains.
 *
 * @param chains - `M` chains of equal length.
 * @returns tail ESS, or `NaN` (see {@link essBasic}).
 * @example
 * ```ts
 * import { essTail, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * essTail(chains); // ≈ 353, the smaller of the ESS of the 5% and 95% quantiles
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function essTail(chains: Chains): number {
  const x = checkChains('essTail', chains);
  return Math.min(essQuantileOf(x, 0.05), essQuantileOf(x, 0.95));
}

/**
 * Monte Carlo standard error of the mean, `posterior`'s `mcse_mean`:
 *
 * `MCSE = sd / sqrt(ESS_mean)`,
 *
 * with `sd` the sample standard deviation of all `S` draws (divisor
 * `S - 1`) and `ESS_mean` = {@link essMean} (ESS of the untransformed split
 * chains). Trust it only when R-hat < 1.01 and the bulk ESS exceeds 100 per
 * chain; report the mean to about the digit where `2 MCSE` starts to matter.
 *
 * @param chains - `M` chains of equal length.
 * @returns the MCSE, or `NaN` (see {@link essBasic}).
 * @example
 * ```ts
 * import { mcseMean, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * mcseMean(chains); // ≈ 0.082 = sd / sqrt(162); 4000 independent draws would give about 0.016
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}.
 * @category Diagnostics
 */
export function mcseMean(chains: Chains): number {
  const x = checkChains('mcseMean', chains);
  return Math.sqrt(variance(pooled(x))) / Math.sqrt(essOf(splitChains(x)));
}

/** Probabilities `Phi(-1)` and `Phi(1)` as written in `posterior`'s `.mcse_quantile`. */
const PHI_MINUS_ONE = 0.1586553;
const PHI_PLUS_ONE = 0.8413447;

/**
 * Monte Carlo standard error of the `p`-quantile, `posterior`'s
 * `mcse_quantile` (Vehtari et al. 2021, Appendix): with `E` =
 * {@link essQuantile}`(chains, p)` (ESS of the indicator `I(x <= q_p)`),
 * the uncertainty of the quantile's rank is that of a
 * `Beta(E p + 1, E (1 - p) + 1)` variable; its quantiles
 * `a_1 = F^-1(0.1586553)`, `a_2 = F^-1(0.8413447)` (a +-1 sd interval)
 * are mapped back through the `S` sorted draws `x_(1) <= ... <= x_(S)`:
 *
 * `MCSE = (x_(min(ceil(a_2 S), S)) - x_(max(floor(a_1 S), 1))) / 2`.
 *
 * Trust it only when R-hat < 1.01 and the tail ESS exceeds 100 per chain.
 *
 * @param chains - `M` chains of equal length.
 * @param p - probability in `[0, 1]`.
 * @returns the MCSE, or `NaN` (see {@link essQuantile}).
 * @example
 * ```ts
 * import { mcseQuantile, quantile, Rng } from 'brenier';
 *
 * // four AR(1) chains x_t = 0.9 x_(t-1) + sqrt(0.19) e_t, stationary N(0, 1), autocorrelated
 * const rng = new Rng(1);
 * const ar1 = () => {
 *   let x = 0;
 *   return Float64Array.from({ length: 1000 }, () => (x = 0.9 * x + Math.sqrt(0.19) * rng.normal()));
 * };
 * const chains = [ar1(), ar1(), ar1(), ar1()];
 * const q95 = quantile(Float64Array.from(chains.flatMap((c) => [...c])), 0.95);
 * const error = mcseQuantile(chains, 0.95);
 * console.log(`95% quantile: ${q95.toFixed(2)} ± ${error.toFixed(2)}`); // 95% quantile: 1.61 ± 0.12
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link rhatBasic}, or naming `p`.
 * @category Diagnostics
 */
export function mcseQuantile(chains: Chains, p: number): number {
  const x = checkChains('mcseQuantile', chains);
  checkProbability('mcseQuantile', p);
  const ess = essQuantileOf(x, p);
  if (Number.isNaN(ess)) return Number.NaN;
  const a1 = betaQuantile(PHI_MINUS_ONE, ess * p + 1, ess * (1 - p) + 1);
  const a2 = betaQuantile(PHI_PLUS_ONE, ess * p + 1, ess * (1 - p) + 1);
  const sorted = pooled(x).sort();
  const s = sorted.length;
  const th1 = sorted[Math.max(Math.floor(a1 * s), 1) - 1] as number;
  const th2 = sorted[Math.min(Math.ceil(a2 * s), s) - 1] as number;
  return (th2 - th1) / 2;
}

/**
 * One row of {@link summarizeChains}: a {@link SummaryRow} whose `ess` is the
 * ESS of the mean ({@link essMean}) and `mcse` = {@link mcseMean}, with the
 * convergence diagnostics.
 *
 * @example
 * ```ts
 * import { Draws, summarizeChains, Rng, type ChainSummaryRow } from 'brenier';
 *
 * const rng = new Rng(1);
 * const chainDraws = [0, 1, 2, 3].map(() => new Draws({ mu: rng.normals(500), tau: rng.normals(500).map(Math.exp) }));
 * const rows: ChainSummaryRow[] = summarizeChains(chainDraws);
 * const suspect = rows.filter((row) => row.rhat >= 1.01 || row.essBulk < 400 || row.essTail < 400);
 * console.log(suspect.map((row) => row.name)); // []
 * ```
 * @category Diagnostics
 */
export interface ChainSummaryRow extends SummaryRow {
  /** Bulk ESS ({@link essBulk}); want more than 100 per chain. */
  essBulk: number;
  /** Tail ESS ({@link essTail}); want more than 100 per chain. */
  essTail: number;
  /** Rank-normalised split R-hat ({@link rhat}); want below 1.01. */
  rhat: number;
}

/**
 * Options of {@link summarizeChains}.
 *
 * @example
 * ```ts
 * import { Draws, summarizeChains, formatSummary, Rng, type SummarizeChainsOptions } from 'brenier';
 *
 * const rng = new Rng(1);
 * const chainDraws = [0, 1, 2, 3].map(() => new Draws({ mu: rng.normals(500) }));
 * const options: SummarizeChainsOptions = { probs: [0.025, 0.975] };
 * console.log(formatSummary(summarizeChains(chainDraws, options)));
 * // name      mean    sd   2.5%  97.5%    mcse  ess_bulk  ess_tail   rhat
 * // mu    -0.00418  1.01  -2.01   1.98  0.0229      1950      1894  1.000
 * ```
 * @category Diagnostics
 */
export interface SummarizeChainsOptions {
  /** Probabilities of the reported quantiles, each in `[0, 1]`. Default `[0.05, 0.5, 0.95]`. */
  probs?: readonly number[];
}

/**
 * Summarise MCMC chains, one {@link ChainSummaryRow} per name (in the first
 * chain's `names` order), the `posterior`/ArviZ summary: over all draws of
 * all chains the mean, the sd (divisor `S - 1`) and type-7 quantiles; the
 * MCSE of the mean ({@link mcseMean}) and the ESS of the mean
 * ({@link essMean}) as `mcse` and `ess`; and {@link essBulk},
 * {@link essTail} and {@link rhat}. `formatSummary` prints them with the
 * columns `mcse ess_bulk ess_tail rhat`.
 *
 * Read the table as Vehtari et al. (2021) advise: use the draws only if
 * every `rhat < 1.01` and every `essBulk`, `essTail > 100 * chains`;
 * otherwise run longer chains (or reparametrise); then quote each estimate
 * to the precision its MCSE allows.
 *
 * @param chainDraws - one {@link Draws} per chain, each in iteration order,
 *   all with the same names and number of draws.
 * @param options - `probs`.
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, summarizeChains, formatSummary, initBackend } from 'brenier';
 *
 * await initBackend();
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const fit = await sampleNuts(model, { N: y.length, y }, { chains: 4, warmup: 500, draws: 500, seed: 1 });
 * const chainDraws = Array.from({ length: fit.chains }, (_, c) => fit.chainDraws(c));
 * console.log(formatSummary(summarizeChains(chainDraws)));
 * // name   mean     sd    5%    50%   95%    mcse  ess_bulk  ess_tail   rhat
 * // mu     2.36  0.513  1.69   2.36  3.12  0.0246       704       508  1.002
 * // sigma  1.02  0.533  0.54  0.885  2.02  0.0261       625       586  1.002
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) when `chainDraws` is
 *   empty, the chains hold no draws or differ in names or lengths, a draw is
 *   not finite (naming the chain and the column), or a probability is
 *   outside `[0, 1]`.
 * @category Diagnostics
 */
export function summarizeChains(chainDraws: readonly Draws[], options: SummarizeChainsOptions = {}): ChainSummaryRow[] {
  if (!Array.isArray(chainDraws) || chainDraws.length === 0) {
    throw new BrenierError('invalid-argument', 'summarizeChains: chainDraws must be a non-empty array of Draws');
  }
  const first = chainDraws[0] as Draws;
  if (first.count === 0) throw new BrenierError('invalid-argument', 'summarizeChains: the chains hold no draws');
  const names = first.names;
  chainDraws.forEach((d, j) => {
    if (d.count !== first.count) {
      throw new BrenierError(
        'invalid-argument',
        `summarizeChains: chain 0 has ${first.count} draws but chain ${j} has ${d.count}`,
      );
    }
    if (d.names.length !== names.length || names.some((name) => !d.names.includes(name))) {
      throw new BrenierError(
        'invalid-argument',
        `summarizeChains: chain ${j} has names (${d.names.join(', ')}), chain 0 has (${names.join(', ')})`,
      );
    }
  });
  const probs = options.probs ?? [0.05, 0.5, 0.95];
  for (const p of probs) checkProbability('summarizeChains', p);
  return names.map((name) => {
    const chains = chainDraws.map((d, j) => {
      const column = d.get(name);
      for (let i = 0; i < column.length; i++) {
        const v = column[i] as number;
        if (!Number.isFinite(v)) {
          throw new BrenierError(
            'invalid-argument',
            `summarizeChains: chain ${j} '${name}'[${i}] must be a finite number, received ${v}`,
          );
        }
      }
      return Float64Array.from(column);
    });
    const all = pooled(chains);
    const sorted = Float64Array.from(all).sort();
    const quantiles: Record<string, number> = {};
    for (const p of probs) quantiles[percentLabel(p)] = quantileSorted(sorted, p);
    const split = splitChains(chains);
    const ess = essOf(split);
    const sd = Math.sqrt(variance(all));
    return {
      name,
      mean: mean(all),
      sd,
      quantiles,
      mcse: sd / Math.sqrt(ess),
      ess,
      essBulk: essOf(zScale(split)),
      essTail: Math.min(essQuantileOf(chains, 0.05), essQuantileOf(chains, 0.95)),
      rhat: Math.max(rhatOf(zScale(split)), rhatOf(zScale(splitChains(fold(chains))))),
    };
  });
}

// Special functions for the rank normalisation and the quantile MCSE.

/**
 * Standard normal quantile `Phi^-1(p)` by Wichura's (1988) algorithm AS 241
 * (`PPND16`, relative error about 1e-16), the algorithm of R's `qnorm`.
 *
 * @internal
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    value = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -value : value;
}

/** `c[0] x^(k-1) + c[1] x^(k-2) + ... + c[k-1]`. */
function horner(c: readonly number[], x: number): number {
  let v = 0;
  for (const ci of c) v = v * x + ci;
  return v;
}

// Coefficients of AS 241 (Wichura 1988, as in R's qnorm.c), highest degree first, as doubles.
const AS241_A = [
  2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946, 1971.5909503065513,
  133.14166789178438, 3.3871328727963665,
];
const AS241_B = [
  5226.495278852546, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751, 687.1870074920579,
  42.31333070160091, 1,
];
const AS241_C = [
  0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045,
  5.769497221460691, 4.630337846156546, 1.4234371107496835,
];
const AS241_D = [
  1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851,
  1.6763848301838038, 2.053191626637759, 1,
];
const AS241_E = [
  2.0103343992922881e-7, 0.000027115555687434876, 0.0012426609473880784, 0.026532189526576124, 0.29656057182850487,
  1.7848265399172913, 5.463784911164114, 6.657904643501103,
];
const AS241_F = [
  2.0442631033899397e-15, 1.421511758316446e-7, 0.000018463183175100548, 0.0007868691311456133, 0.014875361290850615,
  0.1369298809227358, 0.599832206555888, 1,
];

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularised incomplete beta function `I_x(a, b)`, the Beta(a, b) CDF, by
 * its continued fraction (Numerical Recipes, Section 6.4).
 *
 * @internal
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * Beta(a, b) quantile, R's `qbeta(p, a, b)` for `a, b >= 1`: the root of
 * `I_x(a, b) = p` by Newton steps safeguarded by bisection, to about 1e-14.
 *
 * @internal
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const logB = logBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let iter = 0; iter < 300; iter++) {
    const f = betaCdf(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}
