// The plots of a fit: the ELBO and regret traces and the k-hat tail, on a
// tiny 2-D Gaussian model fitted once for the whole file.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Posterior,
  fitPosterior,
  plotElboTrace,
  plotKhat,
  plotRegretTrace,
  psis,
  type CompiledModel,
  type FitDiagnostics,
} from '../../src/index.js';
import { gaussian2, expectInvalid } from './fixtures.js';
import { all, parseSvg, pathPoints } from './svg.js';

let compiled: CompiledModel;
let posterior: Posterior;

beforeAll(async () => {
  compiled = gaussian2.compile({});
  posterior = await fitPosterior(compiled, {}, { seed: 1, maxSteps: 60 });
});

describe('plotElboTrace', () => {
  it('draws one path through every step, the band, and a cross per rejected step', () => {
    const d = posterior.diagnostics;
    expect(d.elbo.every(Number.isFinite)).toBe(true);
    const root = parseSvg(plotElboTrace(posterior));
    const lines = all(root, 'g[aria-label="line"] path');
    expect(lines).toHaveLength(1);
    expect(pathPoints(lines[0]!)).toBe(d.elbo.length);
    expect(all(root, 'g[aria-label="area"] path')).toHaveLength(1);
    const rejected = d.accepted.filter((a) => !a).length;
    expect(all(root, 'g[aria-label="dot"] path')).toHaveLength(rejected);
    expect(root.querySelector('text.brenier-title')?.textContent).toBe('ELBO per step: gaussian2');
  });

  it('crosses mark exactly the rejected steps of given diagnostics, and ADVI-like traces have no band', () => {
    const elbo = [-10, -5, -30, -4, -3.9, -50, -3.8];
    const diagnostics = {
      ...posterior.diagnostics,
      elbo,
      elboSe: elbo.map(() => 0.2),
      accepted: [true, true, false, true, true, false, true],
    } as FitDiagnostics;
    const root = parseSvg(plotElboTrace(diagnostics, { width: 500, height: 300, title: '' }));
    expect(root.getAttribute('width')).toBe('500');
    expect(root.getAttribute('height')).toBe('300');
    expect(root.querySelector('text.brenier-title')).toBeNull();
    expect(all(root, 'g[aria-label="dot"] path')).toHaveLength(2);
    expect(pathPoints(all(root, 'g[aria-label="line"] path')[0]!)).toBe(7);

    const advi = { ...diagnostics, elboSe: [], accepted: [] } as FitDiagnostics;
    const plain = parseSvg(plotElboTrace(advi));
    expect(all(plain, 'g[aria-label="area"]')).toHaveLength(0);
    expect(all(plain, 'g[aria-label="dot"]')).toHaveLength(0);
    expect(pathPoints(all(plain, 'g[aria-label="line"] path')[0]!)).toBe(7);
  });

  it('names a bad source or option', () => {
    expectInvalid(() => plotElboTrace(null as never), /source must be a Posterior/);
    expectInvalid(() => plotElboTrace({} as never), /source must be a Posterior/);
    expectInvalid(() => plotElboTrace(posterior, { width: -3 }), /options\.width/);
    expectInvalid(() => plotElboTrace({ ...posterior.diagnostics, elbo: [] }), /no finite ELBO/);
  });
});

describe('plotRegretTrace', () => {
  it('draws the cumulative regret and its bound, one point per accepted step', () => {
    const regret = posterior.diagnostics.regret!;
    const root = parseSvg(plotRegretTrace(posterior.diagnostics));
    const lines = all(root, 'g[aria-label="line"] path');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(pathPoints(line)).toBe(regret.cumulativeRegret.length);
    expect(all(root, 'g.brenier-legend-entry')).toHaveLength(2);
  });

  it('names a source without a regret trace', () => {
    const { regret: _regret, ...advi } = posterior.diagnostics;
    expectInvalid(() => plotRegretTrace(advi), /no regret trace/);
  });
});

describe('plotKhat', () => {
  it("carries the k-hat of the posterior's importance weights in its title", () => {
    const expected = posterior.importanceWeights(1000, { seed: 3 }).psis;
    const root = parseSvg(plotKhat(posterior, { proposals: 1000, seed: 3 }));
    const title = root.querySelector('text.brenier-title')?.textContent ?? '';
    expect(title).toContain(`k-hat ${expected.khat.toFixed(2)} (${expected.diagnosis})`);
    expect(title).toContain(`threshold ${expected.threshold.toFixed(2)}`);
    // the fitted tail: one line through the tail's M weights
    const tail = all(root, 'g[aria-label="line"] path');
    expect(tail).toHaveLength(1);
    expect(pathPoints(tail[0]!)).toBe(expected.tailLength);
    expect(all(root, 'g[aria-label="rule"] line')).toHaveLength(1);
  });

  it('draws the raw tail against the fit with the model, on the same draws', () => {
    const proposals = 1000;
    const { psis: expected } = posterior.importanceWeights(proposals, { seed: 3 });
    const root = parseSvg(plotKhat(posterior, { proposals, seed: 3, model: compiled, ranks: 200 }));
    expect(root.querySelector('text.brenier-title')?.textContent).toContain(`k-hat ${expected.khat.toFixed(2)}`);
    expect(all(root, 'g[aria-label="dot"] circle')).toHaveLength(200);
    expect(pathPoints(all(root, 'g[aria-label="line"] path')[0]!)).toBe(expected.tailLength);
  });

  it('accepts raw log ratios, and a posterior reloaded without its model with options.model', () => {
    const points = posterior.sampleUnconstrained(500, { seed: 4 });
    const logRatios = Array.from(
      compiled.logDensity(points),
      (v, i) => v - (posterior.logDensity(points)[i] as number),
    );
    const expected = psis(logRatios);
    const root = parseSvg(plotKhat(logRatios, { title: 'custom' }));
    expect(root.querySelector('text.brenier-title')?.textContent).toBe('custom');
    expect(root.querySelector('text.brenier-subtitle')?.textContent).toContain('500 log ratios');
    expect(all(root, 'g.brenier-legend-entry text')[1]?.textContent).toContain(`k-hat ${expected.khat.toFixed(2)}`);

    const reloaded = Posterior.fromJSON(JSON.stringify(posterior));
    expect(() => plotKhat(reloaded)).toThrow(/needs the model/);
    const title = parseSvg(plotKhat(reloaded, { model: compiled, proposals: 1000, seed: 3 })).querySelector(
      'text.brenier-title',
    )?.textContent;
    expect(title).toContain(`k-hat ${posterior.importanceWeights(1000, { seed: 3 }).psis.khat.toFixed(2)}`);
  });

  it('names a bad source or option', () => {
    expectInvalid(() => plotKhat('weights' as never), /source must be a Posterior or an array/);
    expectInvalid(() => plotKhat([1, Number.NaN, 2]), /plotKhat: source: .*logWeights/);
    expectInvalid(() => plotKhat(posterior, { proposals: 2.5 }), /options\.proposals/);
  });
});
