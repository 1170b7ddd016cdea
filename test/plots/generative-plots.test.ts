// Plots of a map learned from samples: the transport grid of a TransportMap
// and the scatter of point sets.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, fitGenerative, plotPoints, plotTransportGrid, type TransportMap } from '../../src/index.js';
import { expectInvalid } from './fixtures.js';
import { all, parseSvg, pathPoints, xmlError } from './svg.js';

const rng = new Rng(1);
const data = Array.from({ length: 600 }, () => {
  const a = rng.normal();
  return [1 + a, -2 + 0.8 * a + 0.6 * rng.normal()];
});
let map: TransportMap;

beforeAll(async () => {
  map = await fitGenerative(data, { seed: 1, maxSteps: 30 });
});

describe('plotTransportGrid of a TransportMap', () => {
  it('draws the grid through the learned map, in data space, over generated draws', () => {
    const svg = plotTransportGrid(map, { lines: 5, resolution: 20, samples: 100, seed: 2 });
    expect(xmlError(svg)).toBeUndefined();
    const root = parseSvg(svg);
    const lines = all(root, 'g[aria-label="line"] path');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(pathPoints(line)).toBe(20);
    expect(all(root, 'g[aria-label="dot"] circle')).toHaveLength(100);
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('y[1] →');
    expect(svg).toContain('Transport map learned from samples');
    expect(svg).toContain('100 generated draws');
  });

  it('refuses a map of another dimension', async () => {
    const threeD = await fitGenerative(
      data.map(([a, b]) => [a as number, b as number, (a as number) - (b as number) + rng.normal()]),
      { seed: 1, maxSteps: 5 },
    );
    expectInvalid(() => plotTransportGrid(threeD), /the transport map has 3 dimensions; the transport grid needs 2/);
  });
});

describe('plotPoints', () => {
  it('overlays the sets, thinned to maxPoints each, with a legend entry per set', () => {
    const svg = plotPoints(
      { data, generated: map.sample(300, { seed: 3 }) },
      { maxPoints: 250, title: 'Data and draws' },
    );
    expect(xmlError(svg)).toBeUndefined();
    const root = parseSvg(svg);
    expect(all(root, 'g[aria-label="dot"] circle')).toHaveLength(500);
    expect(svg).toContain('data: 250 of 600');
    expect(svg).toContain('generated: 250 of 300');
    expect(svg).toContain('Data and draws');
  });

  it('names the set and the point that is not two finite numbers', () => {
    expectInvalid(() => plotPoints({}), /sets must be an object of named point arrays/);
    expectInvalid(() => plotPoints({ data: [] }), /set 'data' must be a non-empty array/);
    expectInvalid(
      () =>
        plotPoints({
          data: [
            [1, 2],
            [3, Number.NaN],
          ],
        }),
      /set 'data', point 1: expected two finite numbers/,
    );
    expectInvalid(() => plotPoints({ data: [[1, 2, 3]] }), /set 'data', point 0/);
    expectInvalid(() => plotPoints({ data }, { maxPoints: 0 }), /options\.maxPoints/);
  });
});
