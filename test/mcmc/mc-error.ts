// Monte Carlo error of MCMC estimates by batch means: split the draws (all
// chains concatenated, each chain's length a multiple of the batch length)
// into B = 20 consecutive batches; the variance of the batch means over B
// estimates Var(mean), hence MCSE = sd(batch means) / sqrt(B) and
// ESS = Var(x) / MCSE^2. Crude (19 degrees of freedom: a 5-MCSE check
// fails by chance with probability ~1e-4) but free of assumptions on the
// autocorrelation beyond batches of ~50+ draws being nearly independent.

/** Mean, batch-means MCSE and ESS of a series. */
export interface McError {
  mean: number;
  sd: number;
  mcse: number;
  ess: number;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s / xs.length;
}

export function sd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += ((xs[i] as number) - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

export function batchMeans(xs: ArrayLike<number>, batches = 20): McError {
  const n = xs.length;
  const size = Math.floor(n / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) means.push(mean(Array.from(xs).slice(b * size, (b + 1) * size)));
  const m = mean(xs);
  const mcse = sd(means) / Math.sqrt(batches);
  const s = sd(xs);
  return { mean: m, sd: s, mcse, ess: (s / mcse) ** 2 };
}
