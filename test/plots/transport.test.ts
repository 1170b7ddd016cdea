// Posterior.transform (the map at given source points) and the transport
// grid plot, on tiny 2-D and 3-D Gaussian models.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Posterior,
  Rng,
  defineModel,
  fitPosterior,
  normal,
  param,
  plotMarginals,
  plotPairs,
  plotTransportGrid,
  type GaussianPotential,
} from '../../src/index.js';
import { gaussian2, gaussian3, expectInvalid } from './fixtures.js';
import { all, panels, parseSvg, pathPoints } from './svg.js';

let posterior2: Posterior;
let posterior3: Posterior;

beforeAll(async () => {
  posterior2 = await fitPosterior(gaussian2, {}, { seed: 1, maxSteps: 60 });
  posterior3 = await fitPosterior(gaussian3, {}, { seed: 1, maxSteps: 60 });
});

/** The same posterior as a two-component mixture of its map (what iterate: 'mixture' gives). */
function mixtureOf(p: Posterior): Posterior {
  const json = p.toJSON();
  const component = json.components[0]!;
  return Posterior.fromJSON({
    ...json,
    components: [
      { weight: 0.5, potential: component.potential },
      { weight: 0.5, potential: component.potential },
    ],
  });
}

describe('Posterior.transform', () => {
  it('is the map sampleUnconstrained applies to standard normal draws', () => {
    const n = 50;
    const x = Float64Array.from(new Rng(9).normals(n * 2));
    expect(Array.from(posterior2.transform(x))).toEqual(Array.from(posterior2.sampleUnconstrained(n, { seed: 9 })));
  });

  it('takes rows, maps the origin to the Gaussian potential b, and is affine for the Gaussian family', () => {
    const { b } = posterior2.toJSON().components[0]!.potential as GaussianPotential;
    const origin = posterior2.transform([[0, 0]]);
    expect(origin[0]).toBeCloseTo(b[0] as number, 12);
    expect(origin[1]).toBeCloseTo(b[1] as number, 12);
    const rows = posterior2.transform([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(Array.from(rows)).toEqual(Array.from(posterior2.transform(Float64Array.from([1, 0, 0, 1, 1, 1]))));
    // T(e1) + T(e2) - T(0) = T(e1 + e2) for an affine map
    for (const k of [0, 1]) {
      expect((rows[k] as number) + (rows[2 + k] as number) - (origin[k] as number)).toBeCloseTo(
        rows[4 + k] as number,
        10,
      );
    }
    expect(posterior2.transform(new Float64Array(0))).toHaveLength(0);
  });

  it('names bad points and refuses a mixture of maps', () => {
    expectInvalid(() => posterior2.transform(Float64Array.from([1, 2, 3])), /whole rows of 2/);
    expectInvalid(() => posterior2.transform([[1, 2, 3]]), /x\[0\] must be a point of 2/);
    expectInvalid(() => posterior2.transform([[1, Number.NaN]]), /non-finite/);
    expectInvalid(() => posterior2.transform('x' as never), /Float64Array or an array/);
    expectInvalid(() => mixtureOf(posterior2).transform([[0, 0]]), /mixture of 2 transport maps/);
  });
});

describe('plotTransportGrid', () => {
  it('draws 2 G pushed-forward grid lines over the posterior draws', () => {
    const g = 7;
    const resolution = 25;
    const root = parseSvg(plotTransportGrid(posterior2, { lines: g, resolution, samples: 300, seed: 2 }));
    const lines = all(root, 'g[aria-label="line"] path');
    expect(lines).toHaveLength(2 * g);
    for (const line of lines) expect(pathPoints(line)).toBe(resolution);
    expect(all(root, 'g[aria-label="dot"] circle')).toHaveLength(300);
    // axes: the unconstrained coordinates, named after the parameters
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('a →');
    expect(root.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe('b →');
  });

  it('defaults to a 9-line grid and can leave the draws out', () => {
    const root = parseSvg(plotTransportGrid(posterior2, { samples: 0 }));
    expect(all(root, 'g[aria-label="line"] path')).toHaveLength(18);
    expect(all(root, 'g[aria-label="dot"]')).toHaveLength(0);
  });

  it('labels a constrained parameter by its unconstrained coordinate', async () => {
    const model = defineModel({
      name: 'scale',
      params: { mu: param.real(), s: param.positive() },
      logDensity: ({ mu, s }) => [normal(0, 1).logProb(mu), normal(0, 1).logProb(tf.log(s))],
    });
    const fit = await fitPosterior(model, {}, { seed: 1, maxSteps: 20 });
    const root = parseSvg(plotTransportGrid(fit, { samples: 10 }));
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('mu →');
    expect(root.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe('s (unconstrained) →');
  });

  it('refuses a 3-D posterior, a mixture and bad options', () => {
    expectInvalid(() => plotTransportGrid(posterior3), /posterior has 3 unconstrained dimensions.*2-D model/);
    expectInvalid(() => plotTransportGrid(mixtureOf(posterior2)), /plotTransportGrid: posterior: .*mixture/);
    expectInvalid(() => plotTransportGrid(posterior2, { lines: 1 }), /options\.lines/);
    expectInvalid(() => plotTransportGrid(posterior2, { radius: -1 }), /options\.radius/);
    expectInvalid(() => plotTransportGrid({} as never), /posterior must be a Posterior/);
  });
});

describe('plots of posterior draws', () => {
  it('compares the draws of two fits and pairs the draws of one', () => {
    const names = ['mu', 'sigma', 'c'];
    const svg = plotMarginals(
      {
        'Monge-Ampère': posterior3.sample(2000, { seed: 1 }),
        resampled: posterior3.importanceResample(1000, { seed: 2 }),
      },
      names,
    );
    const root = parseSvg(svg);
    expect(panels(root)).toHaveLength(3);
    for (const facet of panels(root)) expect(all(facet, 'g[aria-label="line"] path')).toHaveLength(2);
    expect(panels(parseSvg(plotPairs(posterior3.sample(2000, { seed: 1 }), names)))).toHaveLength(9);
  });
});
