// The plots of draws: overlaid marginal densities and the pair plot, on
// synthetic draw sets (a Draws and plain objects of columns).
import { expectInvalid } from './fixtures.js';
import { describe, expect, it } from 'vitest';
import { Draws, Rng, plotMarginals, plotPairs } from '../../src/index.js';
import { all, panels, parseSvg, pathPoints } from './svg.js';

function normalDraws(seed: number, n: number, means: Record<string, number>): Record<string, number[]> {
  const rng = new Rng(seed);
  const out: Record<string, number[]> = {};
  for (const [name, m] of Object.entries(means)) out[name] = Array.from(rng.normals(n), (z) => m + z);
  return out;
}

describe('plotMarginals', () => {
  const a = normalDraws(1, 2000, { mu: 0, tau: 3, 'theta[1]': -1, extra: 5 });
  const b = new Draws(
    Object.fromEntries(
      Object.entries(normalDraws(2, 1500, { mu: 0.2, tau: 3.1, 'theta[1]': -1 })).map(([k, v]) => [
        k,
        Float64Array.from(v),
      ]),
    ),
  );
  const c = normalDraws(3, 800, { 'theta[1]': -0.8, mu: 0.1, tau: 2.9 });

  it('draws one panel per parameter and one curve per draw set', () => {
    const names = ['mu', 'tau', 'theta[1]'];
    const root = parseSvg(plotMarginals({ 'Monge-Ampère': a, NUTS: b, ADVI: c }, names, { gridPoints: 150 }));
    const facets = panels(root);
    expect(facets.map((p) => p.getAttribute('data-panel'))).toEqual(names);
    for (const facet of facets) {
      const curves = all(facet, 'g[aria-label="line"] path');
      expect(curves).toHaveLength(3);
      for (const curve of curves) expect(pathPoints(curve)).toBe(150);
    }
    const legend = all(root, 'g.brenier-legend-entry text').map((t) => t.textContent);
    expect(legend).toEqual(['Monge-Ampère', 'NUTS', 'ADVI']);
  });

  it("defaults to the first set's names that every set has, and lays panels in rows", () => {
    const root = parseSvg(plotMarginals({ a, b }, undefined, { columns: 2, width: 500 }));
    const facets = panels(root);
    expect(facets.map((p) => p.getAttribute('data-panel'))).toEqual(['mu', 'tau', 'theta[1]']);
    expect(facets[2]?.getAttribute('transform')).toMatch(/^translate\(0,/); // third panel starts the second row
    expect(root.getAttribute('width')).toBe('500');
  });

  it('leaves out non-finite draws', () => {
    const holes = { x: [1, 2, Number.NaN, 2.5, Number.POSITIVE_INFINITY, 3, 1.5] };
    const root = parseSvg(plotMarginals({ holes }, ['x']));
    expect(all(root, 'g[aria-label="line"] path')).toHaveLength(1);
    expectInvalid(() => plotMarginals({ s: { x: [Number.NaN] } }, ['x']), /'x' of draw set 's' has no finite draws/);
  });

  it('names an unknown parameter, the set that lacks it, and other bad arguments', () => {
    expectInvalid(
      () => plotMarginals({ a, NUTS: b }, ['mu', 'extra']),
      /draw set 'NUTS' has no parameter named 'extra'/,
    );
    expectInvalid(() => plotMarginals({ a }, ['nope']), /no parameter named 'nope'/);
    expectInvalid(() => plotMarginals({}), /drawSets is empty/);
    expectInvalid(() => plotMarginals([] as never), /drawSets must be an object/);
    expectInvalid(() => plotMarginals({ a: 3 as never }), /drawSets\['a'\]/);
    expectInvalid(() => plotMarginals({ a }, ['mu', 'mu']), /twice/);
    expectInvalid(() => plotMarginals({ a: { p: [1] }, b: { q: [1] } }), /no parameter name in common/);
    expectInvalid(() => plotMarginals({ a }, ['mu'], { trim: 0.7 }), /options\.trim/);
    expectInvalid(() => plotMarginals({ a }, ['mu'], { columns: 0 }), /options\.columns/);
  });
});

describe('plotPairs', () => {
  const rng = new Rng(5);
  const n = 3000;
  const x = rng.normals(n);
  const draws = new Draws({
    x: Float64Array.from(x),
    y: Float64Array.from(x, (v) => 2 * v + rng.normal()),
    z: Float64Array.from(rng.normals(n)),
  });

  it('draws k * k panels: thinned scatters off the diagonal, histograms on it', () => {
    const names = ['x', 'y', 'z'];
    const svg = plotPairs(draws, names, { maxPoints: 400, bins: 12 });
    const root = parseSvg(svg);
    const grid = panels(root);
    expect(grid).toHaveLength(9);
    grid.forEach((panel, p) => {
      const i = Math.floor(p / 3);
      const j = p % 3;
      if (i === j) {
        expect(panel.getAttribute('data-panel')).toBe(names[i]);
        expect(all(panel, 'g[aria-label="rect"] rect')).toHaveLength(12);
        expect(all(panel, 'g[aria-label="dot"]')).toHaveLength(0);
      } else {
        expect(panel.getAttribute('data-panel')).toBe(`${names[i]} vs ${names[j]}`);
        expect(all(panel, 'g[aria-label="dot"] circle')).toHaveLength(400);
      }
    });
    expect(plotPairs(draws, names, { maxPoints: 400, bins: 12 })).toBe(svg); // deterministic
  });

  it('takes plain columns, keeps every draw below maxPoints, and leaves out non-finite joint draws', () => {
    const root = parseSvg(plotPairs({ a: [1, 2, 3, Number.NaN], b: [2, 1, 4, 0] }, ['a', 'b']));
    expect(panels(root)).toHaveLength(4);
    expect(all(panels(root)[1]!, 'g[aria-label="dot"] circle')).toHaveLength(3);
    expect(parseSvg(plotPairs(draws, ['z'])).querySelectorAll('g.brenier-panel').length).toBe(1);
  });

  it('names an unknown parameter and other bad arguments', () => {
    expectInvalid(() => plotPairs(draws, ['x', 'w']), /no parameter named 'w'/);
    expectInvalid(() => plotPairs(draws, []), /names must be a non-empty array/);
    expectInvalid(() => plotPairs(draws, ['x', 'x']), /must not repeat/);
    expectInvalid(() => plotPairs(null as never, ['x']), /draws must be a Draws/);
    expectInvalid(() => plotPairs(draws, ['x'], { maxPoints: 0 }), /options\.maxPoints/);
    expectInvalid(() => plotPairs(draws, ['x', 'y', 'z'], { width: 150 }), /leave panels/);
  });
});
