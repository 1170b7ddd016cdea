/**
 * Discrete distributions: Bernoulli, binomial, Poisson, negative binomial,
 * categorical (0-based categories) and beta-binomial, with their exact
 * float64 samplers.
 *
 * @module
 */
export { Bernoulli, BernoulliLogit, bernoulli, bernoulliLogit } from './bernoulli.js';
export { Binomial, BinomialLogit, binomial, binomialLogit } from './binomial.js';
export { Poisson, PoissonLogRate, poisson, poissonLogRate } from './poisson.js';
export { NegativeBinomial, negativeBinomial } from './negative-binomial.js';
export { Categorical, CategoricalBase, CategoricalLogit, categorical, categoricalLogit } from './categorical.js';
export { BetaBinomial, betaBinomial } from './beta-binomial.js';
