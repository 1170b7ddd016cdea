/**
 * The fitted transport-map posterior: `q = T # N(0, I)` on the model's
 * unconstrained space, pushed to the constrained parameters by the
 * bijectors. Exact sampling, the exact density of the approximation,
 * diagnostics, PSIS-corrected estimates, and JSON round trips.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { psis, importanceResample, type PsisDiagnosis, type PsisResult } from '../diagnostics/psis.js';
import { formatSummary, summarizeDraws, type SummaryRow } from '../diagnostics/summary.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { ParameterSpace, type ParameterSpec } from '../model/parameter-space.js';
import { familyByName } from '../transport/families.js';
import type { PotentialFamily } from '../transport/potential.js';
import { Draws } from './draws.js';

/**
 * Why a fit stopped: `'converged'` (the stopping rule held), `'max-steps'`
 * (`maxSteps` accepted steps without it), or `'step-size-underflow'` (the
 * flow could not go on after at least one accepted step: the adaptive rule
 * kept rejecting steps until the step multiplier underflowed, or the ELBO
 * estimate was not finite).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type StopReason } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const reason: StopReason = posterior.diagnostics.stopReason;
 * if (reason !== 'converged') console.warn(`the fit stopped early (${reason}): raise maxSteps or compare with NUTS`);
 * ```
 */
export type StopReason = 'converged' | 'max-steps' | 'step-size-underflow';

/**
 * What a fit reports.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type FitDiagnostics } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const diagnostics: FitDiagnostics = posterior.diagnostics;
 * console.log(diagnostics.iterations, diagnostics.stopReason); // 140 'converged'
 * console.log(diagnostics.khat, diagnostics.khatDiagnosis); // ≈ 0.49 'good'
 * console.log(diagnostics.gradientEvaluations); // 10454, the warm start's included
 * for (const warning of diagnostics.warnings) console.warn(warning);
 * ```
 * @category Posterior
 */
export interface FitDiagnostics {
  /** ELBO estimate of each evaluated potential (one per step, rejected ones included). */
  readonly elbo: readonly number[];
  /** Monte Carlo standard errors of `elbo`. */
  readonly elboSe: readonly number[];
  /** Whether each step's potential was accepted. */
  readonly accepted: readonly boolean[];
  /** Step size of each accepted update (0 for rejected steps). */
  readonly stepSizes: readonly number[];
  /** Bregman divergence D(q_k || q_{k+1}) between successive iterates (0 for rejected steps). */
  readonly bregman: readonly number[];
  /** Accepted steps. */
  readonly iterations: number;
  /** Target evaluations with scores (the fit's cost). */
  readonly gradientEvaluations: number;
  /** Target evaluations without scores (the PSIS check). */
  readonly logDensityEvaluations: number;
  /** Wall time of the fit (the flow's steps, before the PSIS check), seconds. */
  readonly wallSeconds: number;
  /** Part of `wallSeconds` spent evaluating the model's log density and scores; the rest is the map algebra (NaN for ADVI). */
  readonly targetSeconds: number;
  /** Why the flow stopped. */
  readonly stopReason: StopReason;
  /**
   * PSIS k-hat of the importance weights `pi / q` on fresh draws.
   * Below 0.5: good; below 0.7: the approximation is usable, and
   * importance-corrected estimates (`importanceResample`) are reliable;
   * 0.7 and above: do not trust the approximation's tails or
   * importance-corrected estimates: use a richer family or MCMC.
   */
  readonly khat: number;
  /** The k-hat diagnosis: `'good'`, `'ok'`, `'bad'` or `'very bad'`. */
  readonly khatDiagnosis: PsisDiagnosis;
  /** Effective sample size of the PSIS weights. */
  readonly psisEss: number;
  /** The run's regret against a computable comparator, step by step (the guarantee to watch); absent for ADVI. */
  readonly regret?: RegretTrace;
  /** The affine-invariant warm start before the flow (Monge-Ampère fits with `warmStartSteps > 0`). */
  readonly warmStart?: WarmStartTrace;
  /** Warnings for the user (k-hat above 0.7, no convergence...). */
  readonly warnings: readonly string[];
  /** The settings the fit ran with (defaults resolved). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The regret bound of the mirror step, recorded during a fit
 * (docs/algorithm.md, section 4): for any comparator `nu`,
 * `sum_k eta_k [F(q_k) - F(nu)] <= D(nu || q_0) + sum_k D(q_k || q_{k+1})`
 * with `F = KL(. || pi)`. The comparator is the reported approximation (or
 * the last iterate for the mixture), so `F(q_k) - F(nu)` is a difference of
 * ELBO estimates and needs no normalising constant. Sums run over the
 * accepted steps of the final phase (the ridge phase for `family: 'ridge'`).
 * ELBOs are Monte Carlo estimates, so the bound can be crossed by about
 * their standard errors times `sum eta_k`; the primal step carries no such
 * guarantee.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type RegretTrace } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const regret: RegretTrace | undefined = posterior.diagnostics.regret;
 * if (regret !== undefined) {
 *   const k = regret.bound.length - 1;
 *   console.log(regret.cumulativeRegret[k], regret.bound[k]); // ≈ 1.39 <= 6.03
 *   const slack = regret.cumulativeRegret.map((r, j) => (regret.bound[j] ?? 0) - r);
 *   console.log(Math.min(...slack) >= 0); // true: the bound holds at every step
 * }
 * ```
 * @category Posterior
 */
export interface RegretTrace {
  /** Which potential is the comparator `nu`: the reported one or the last iterate. */
  readonly comparator: 'reported' | 'last';
  /** `F(nu)` up to the constant `log Z`: minus its ELBO estimate (1000 fresh draws). */
  readonly comparatorF: number;
  /** Monte Carlo standard error of `comparatorF`. */
  readonly comparatorFSe: number;
  /** `F(q_k)` up to `log Z` (minus the ELBO estimate), per accepted step. */
  readonly F: readonly number[];
  /** Step sizes `eta_k`. */
  readonly eta: readonly number[];
  /** `D(q_k || q_{k+1})` per accepted step. */
  readonly bregman: readonly number[];
  /** `D(nu || q_0)`. */
  readonly initialDivergence: number;
  /** `sum_{j <= k} eta_j [F(q_j) - F(nu)]`. */
  readonly cumulativeRegret: readonly number[];
  /** `D(nu || q_0) + sum_{j <= k} D(q_j || q_{j+1})`. */
  readonly bound: readonly number[];
}

/**
 * Options of {@link Posterior.sample}.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type SampleOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const options: SampleOptions = { seed: 2 };
 * const tau = posterior.sample(1000, options).get('tau'); // the same draws for the same seed
 * ```
 */
export interface SampleOptions {
  /** Seed of the draws. Default 0. */
  seed?: number;
}

/**
 * Options of {@link Posterior.importanceResample}.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type ResampleOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const options: ResampleOptions = { seed: 3, proposals: 4000, replace: false };
 * const draws = posterior.importanceResample(500, options); // 500 distinct draws out of 4000 weighted ones
 * ```
 */
export interface ResampleOptions extends SampleOptions {
  /** Draws from q to weight (default 4 times the number requested, at least 1000). */
  proposals?: number;
  /** Resample with replacement (default) or without. */
  replace?: boolean;
}

/**
 * One component of the approximation: a potential and its mixture weight.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type PosteriorComponent } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const [component]: readonly PosteriorComponent[] = posterior.toJSON().components;
 * console.log(component?.weight, component?.potential); // 1 { family: 'gaussian', dim: 10, A: [...], b: [...] }
 * ```
 */
export interface PosteriorComponent {
  /** Mixture weight (the weights sum to 1). */
  readonly weight: number;
  /** The potential, in its family's plain-data form. */
  readonly potential: unknown;
}

/**
 * Importance weights of fresh draws from q against the target (see {@link Posterior.importanceWeights}).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type ImportanceWeights } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const weights: ImportanceWeights = posterior.importanceWeights(2000, { seed: 3 });
 * console.log(weights.psis.khat, weights.psis.diagnosis); // ≈ 0.65 'ok'
 * console.log(weights.points.length / posterior.dimension, weights.logRatios.length); // 2000 2000
 * ```
 */
export interface ImportanceWeights {
  /** The draws, unconstrained, row-major `[proposals, d]`. */
  readonly points: Float64Array;
  /** The raw log weights `log pi - log q` of the draws, before smoothing. */
  readonly logRatios: Float64Array;
  /** PSIS result on those log weights. */
  readonly psis: PsisResult;
}

/**
 * What the warm start of a Monge-Ampère fit did.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type WarmStartTrace } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const warm: WarmStartTrace | undefined = posterior.diagnostics.warmStart;
 * console.log(warm?.modeIterations, warm?.iterations, warm?.converged); // 19 30 false
 * console.log(warm?.gradientEvaluations); // 1804 of the fit's 10454
 * ```
 * @category Posterior
 */
export interface WarmStartTrace {
  /** L-BFGS iterations of the run that found the highest mode, where the warm start begins. */
  readonly modeIterations: number;
  /** Gradient evaluations spent (L-BFGS evaluations plus particles of every step); included in the fit's total. */
  readonly gradientEvaluations: number;
  /** Natural-gradient steps taken. */
  readonly iterations: number;
  /** Whether it met its tolerance (means within 0.1 sd, sds within 10%) before its step limit. */
  readonly converged: boolean;
  /** ELBO estimate at each step. */
  readonly elbo: readonly number[];
}

/**
 * The JSON form of a posterior.
 *
 * @example Save a fit and reload it
 * ```ts
 * import { fitPosterior, initBackend, Posterior, type PosteriorJson } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const json: PosteriorJson = posterior.toJSON();
 * const text = JSON.stringify(json); // or JSON.stringify(posterior)
 * const reloaded = Posterior.fromJSON(text); // samples without the model: parameters only
 * const withModel = Posterior.fromJSON(text, { model: eightSchools.compile(eightSchoolsData()) });
 * console.log(reloaded.drawNames.length, withModel.drawNames.length); // 10 18 (theta[1..8] come back)
 * ```
 */
export interface PosteriorJson {
  /** Format tag. */
  readonly format: 'brenier.posterior';
  /** Format version. */
  readonly version: 1;
  /** Model name. */
  readonly model: string;
  /** Potential family name. */
  readonly family: string;
  /** The potentials of the approximation with their weights (one, or the components of a mixture). */
  readonly components: readonly PosteriorComponent[];
  /** Parameter layout. */
  readonly parameters: readonly ParameterSpec[];
  /** Diagnostics of the fit. */
  readonly diagnostics: FitDiagnostics;
}

/**
 * A transport-map posterior. `q` is one push-forward `T # N(0, I)`, or a
 * weighted mixture of them (the eta-weighted average iterate).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, Posterior } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * console.log(posterior.formatSummary()); // mean, sd, 5/50/95%, MCSE, ESS; ELBO; k-hat
 * const draws = posterior.sample(1000, { seed: 2 }); // constrained draws, Stan-style names
 * const tau = draws.get('tau'); // Float64Array(1000)
 * const corrected = posterior.importanceResample(1000, { seed: 3 }); // PSIS-corrected draws
 * const logQ = posterior.logDensity(posterior.sampleUnconstrained(3, { seed: 4 })); // exact log q
 * const saved = JSON.stringify(posterior);
 * const reloaded = Posterior.fromJSON(saved, { model: eightSchools.compile(eightSchoolsData()) });
 * ```
 * @category Posterior
 */
export class Posterior {
  /** Model name. */
  readonly modelName: string;
  /** Diagnostics of the fit. */
  readonly diagnostics: FitDiagnostics;
  /** Layout and bijectors of the parameters. */
  readonly space: ParameterSpace;
  private readonly family: PotentialFamily<unknown>;
  private readonly components: readonly { readonly weight: number; readonly potential: unknown }[];
  private model: CompiledModel | undefined;
  private readonly ownsModel: boolean;

  /** @internal Built by `fitPosterior` or {@link Posterior.fromJSON}. */
  constructor(args: {
    modelName: string;
    family: PotentialFamily<unknown>;
    components: readonly { weight: number; potential: unknown }[];
    space: ParameterSpace;
    diagnostics: FitDiagnostics;
    model?: CompiledModel;
    ownsModel?: boolean;
  }) {
    this.ownsModel = args.ownsModel ?? false;
    this.modelName = args.modelName;
    this.family = args.family;
    const total = args.components.reduce((s, c) => s + c.weight, 0);
    this.components = args.components.map((c) => ({ weight: c.weight / total, potential: c.potential }));
    this.space = args.space;
    this.diagnostics = args.diagnostics;
    this.model = args.model;
  }

  /**
   * Free the tensors of the model that `fitPosterior` compiled for this
   * posterior (when it was given a model rather than a compiled model).
   * Sampling still works afterwards, without transformed and generated
   * quantities.
   */
  dispose(): void {
    if (this.ownsModel) this.model?.dispose();
    this.model = undefined;
  }

  /** Dimension of the unconstrained space. */
  get dimension(): number {
    return this.space.dimension;
  }

  /** Names in draws: parameters, and transformed and generated quantities when the model is attached. */
  get drawNames(): readonly string[] {
    return this.model?.drawNames ?? this.space.names;
  }

  /** The family's name. */
  get familyName(): string {
    return this.family.name;
  }

  /**
   * `n` draws from q on the unconstrained space, row-major `[n, dimension]`.
   */
  sampleUnconstrained(n: number, options: SampleOptions = {}): Float64Array {
    checkCount('sample', n);
    const d = this.dimension;
    const rng = new Rng(options.seed ?? 0);
    const out = new Float64Array(n * d);
    // Mixture: choose each draw's component, then map its source draw.
    const assignment = this.assign(rng, n);
    this.components.forEach((c, k) => {
      const rows = assignment[k] as number[];
      if (rows.length === 0) return;
      const x = rng.normals(rows.length * d);
      const { y } = this.family.map(c.potential, x, rows.length);
      rows.forEach((row, i) => out.set(y.subarray(i * d, (i + 1) * d), row * d));
    });
    return out;
  }

  /**
   * The transport map `T` at given source points: points `x` of the
   * source N(0, I) to unconstrained points `T(x)`, both row-major
   * `[n, dimension]` (or `x` as one row per point). `sampleUnconstrained`
   * is this map applied to standard normal draws; `transform` lets you push
   * chosen points through it instead (a grid, a line, the origin: `T(0)` is
   * the map's image of the source's centre).
   *
   * Only for a posterior with one map: the eta-weighted mixture iterate
   * (`iterate: 'mixture'`) is a mixture of several maps and has none.
   *
   * @param x - source points, row-major `[n, dimension]`, or one array per point.
   * @returns `T(x)`, row-major `[n, dimension]`, in the model's unconstrained space.
   * @example
   * ```ts
   * import { fitPosterior, initBackend } from 'brenier';
   * import { banana } from 'brenier/models';
   *
   * await initBackend();
   * const posterior = await fitPosterior(banana, {}, { seed: 1 });
   * const centre = posterior.transform([[0, 0]]); // T(0), unconstrained
   * const path = posterior.transform(Float64Array.from([-2, 0, -1, 0, 0, 0, 1, 0, 2, 0])); // 5 points along x1
   * ```
   * @throws {@link BrenierError} (`'invalid-argument'`) when `x` does not hold
   *   whole rows of `dimension` finite coordinates, or when the posterior is a
   *   mixture of maps.
   */
  transform(x: Float64Array | readonly (readonly number[])[]): Float64Array {
    const d = this.dimension;
    if (!(x instanceof Float64Array) && !Array.isArray(x)) {
      throw new BrenierError('invalid-argument', 'transform: x must be a Float64Array or an array of points');
    }
    if (!(x instanceof Float64Array)) {
      x.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== d) {
          throw new BrenierError('invalid-argument', `transform: x[${i}] must be a point of ${d} coordinates`);
        }
      });
    }
    const flat = x instanceof Float64Array ? x : Float64Array.from(x.flat());
    if (flat.length % d !== 0) {
      throw new BrenierError(
        'invalid-argument',
        `transform: x has ${flat.length} coordinates, not whole rows of ${d} (the posterior's dimension)`,
      );
    }
    const bad = flat.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new BrenierError(
        'invalid-argument',
        `transform: x holds a non-finite coordinate (${flat[bad]}) at row ${Math.floor(bad / d)}`,
      );
    }
    if (this.components.length !== 1) {
      throw new BrenierError(
        'invalid-argument',
        `transform: this posterior is a mixture of ${this.components.length} transport maps (iterate: 'mixture') and has no single map; fit with iterate 'average' or 'last'`,
      );
    }
    const n = flat.length / d;
    if (n === 0) return new Float64Array(0);
    return this.family.map((this.components[0] as { potential: unknown }).potential, flat, n).y;
  }

  /**
   * `n` draws in the constrained space, keyed by Stan-style names:
   * `posterior.sample(1000, { seed: 1 }).toObject()`. With the model
   * attached (a fresh fit, or `fromJSON` with a model) transformed
   * parameters and generated quantities are included.
   */
  sample(n: number, options: SampleOptions = {}): Draws {
    const points = this.sampleUnconstrained(n, options);
    return this.drawsAt(points, n, options.seed ?? 0);
  }

  /**
   * Log density of q at `n` unconstrained points (row-major `[n, dimension]`).
   */
  logDensity(points: Float64Array | readonly (readonly number[])[]): Float64Array {
    const d = this.dimension;
    const flat = points instanceof Float64Array ? points : Float64Array.from(points.flat());
    if (flat.length % d !== 0) {
      throw new BrenierError('invalid-argument', `logDensity: expected rows of ${d} unconstrained coordinates`);
    }
    const n = flat.length / d;
    if (this.components.length === 1)
      return this.family.logDensity((this.components[0] as { potential: unknown }).potential, flat, n);
    const parts = this.components.map((c) => this.family.logDensity(c.potential, flat, n));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let m = -Infinity;
      parts.forEach(
        (p, k) => (m = Math.max(m, (p[i] as number) + Math.log((this.components[k] as { weight: number }).weight))),
      );
      let s = 0;
      parts.forEach(
        (p, k) => (s += Math.exp((p[i] as number) + Math.log((this.components[k] as { weight: number }).weight) - m)),
      );
      out[i] = m + Math.log(s);
    }
    return out;
  }

  /**
   * Summary of `draws` draws (default 4000): mean, sd, 5/50/95% quantiles,
   * MCSE and ESS per quantity (independent draws: ESS = number of draws).
   */
  summary(options: { draws?: number; seed?: number } = {}): SummaryRow[] {
    return summarizeDraws(this.sample(options.draws ?? 4000, { seed: options.seed ?? 0 }));
  }

  /** The summary as a plain-text table, with k-hat and the stopping reason. */
  formatSummary(options: { draws?: number; seed?: number; digits?: number } = {}): string {
    const d = this.diagnostics;
    const header =
      `${this.modelName}: ${this.family.name} family, ${d.iterations} steps (${d.stopReason}), ` +
      `${d.gradientEvaluations} gradient evaluations, ${d.wallSeconds.toFixed(2)} s\n` +
      `ELBO ${(d.elbo[d.elbo.length - 1] ?? Number.NaN).toFixed(3)}, PSIS k-hat ${d.khat.toFixed(2)} (${d.khatDiagnosis})\n`;
    const warnings = d.warnings.map((w) => `warning: ${w}\n`).join('');
    return header + warnings + formatSummary(this.summary(options), { digits: options.digits ?? 3 });
  }

  /**
   * PSIS on `proposals` fresh draws from q: smoothed log weights of
   * `pi / q`, k-hat and the draws. Needs the model.
   */
  importanceWeights(proposals: number, options: SampleOptions = {}): ImportanceWeights {
    const model = this.requireModel('importanceWeights');
    const points = this.sampleUnconstrained(proposals, options);
    const logTarget = model.logDensity(points);
    const logQ = this.logDensity(points);
    const logWeights = Float64Array.from(logTarget, (v, i) => v - (logQ[i] as number));
    return { points, logRatios: logWeights, psis: psis(logWeights) };
  }

  /**
   * Importance-resampled draws: `proposals` draws from q weighted by
   * PSIS-smoothed `pi / q`, resampled to `n` (with replacement by default,
   * or without). Corrects the approximation when k-hat is below 0.7;
   * above it the resampled draws are not reliable either (check
   * `importanceWeights(n).psis.khat`). Needs the model.
   */
  importanceResample(n: number, options: ResampleOptions = {}): Draws {
    checkCount('importanceResample', n);
    const proposals = options.proposals ?? Math.max(1000, 4 * n);
    const seed = options.seed ?? 0;
    const { points, psis: result } = this.importanceWeights(proposals, { seed });
    const indices = importanceResample(result.logWeights, n, {
      rng: new Rng(seed).split(),
      replace: options.replace ?? true,
    });
    const d = this.dimension;
    const chosen = new Float64Array(n * d);
    indices.forEach((idx, i) => chosen.set(points.subarray(idx * d, (idx + 1) * d), i * d));
    return this.drawsAt(chosen, n, seed);
  }

  /** Plain JSON: the potentials, the parameter layout and the diagnostics; no model code or data. */
  toJSON(): PosteriorJson {
    return {
      format: 'brenier.posterior',
      version: 1,
      model: this.modelName,
      family: this.family.name,
      components: this.components.map((c) => ({ weight: c.weight, potential: c.potential })),
      parameters: this.space.specs(),
      diagnostics: this.diagnostics,
    };
  }

  /**
   * Rebuild a posterior from {@link Posterior.toJSON}. Sampling works with
   * no model code; pass the compiled model to get transformed and
   * generated quantities and importance resampling back.
   */
  static fromJSON(json: PosteriorJson | string, options: { model?: CompiledModel } = {}): Posterior {
    const value = (typeof json === 'string' ? JSON.parse(json) : json) as PosteriorJson;
    if (value === null || typeof value !== 'object' || value.format !== 'brenier.posterior' || value.version !== 1) {
      throw new BrenierError(
        'invalid-argument',
        "Posterior.fromJSON: not a saved posterior (format 'brenier.posterior', version 1)",
      );
    }
    const space = new ParameterSpace(value.parameters);
    if (options.model !== undefined && options.model.dimension !== space.dimension) {
      throw new BrenierError(
        'invalid-argument',
        `Posterior.fromJSON: the model has dimension ${options.model.dimension}, the saved posterior ${space.dimension}`,
      );
    }
    return new Posterior({
      modelName: value.model,
      family: familyByName(value.family),
      components: value.components,
      space,
      diagnostics: value.diagnostics,
      ...(options.model !== undefined ? { model: options.model } : {}),
    });
  }

  private drawsAt(points: Float64Array, n: number, seed: number): Draws {
    if (this.model !== undefined) return this.model.draws(points, { seed });
    return new Draws(this.space.constrainColumns(points, n));
  }

  private assign(rng: Rng, n: number): number[][] {
    const out = this.components.map(() => [] as number[]);
    if (this.components.length === 1) {
      (out[0] as number[]).push(...Array.from({ length: n }, (_, i) => i));
      return out;
    }
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let k = 0;
      while (k < this.components.length - 1 && u > (this.components[k] as { weight: number }).weight) {
        u -= (this.components[k] as { weight: number }).weight;
        k++;
      }
      (out[k] as number[]).push(i);
    }
    return out;
  }

  private requireModel(what: string): CompiledModel {
    if (this.model === undefined) {
      throw new BrenierError('model-required', `${what} needs the model: pass { model } to Posterior.fromJSON`);
    }
    return this.model;
  }
}

function checkCount(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BrenierError('invalid-argument', `${what}: n must be a positive integer, received ${n}`);
}
