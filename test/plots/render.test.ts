// The plots' building blocks without a fit: the float64 kernel density
// estimate, thinning, the SVG frame (xmlns, escaping, header), and the
// strict XML check the other plot tests rely on.
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { extent, thinIndices } from '../../src/plots/columns.js';
import { kernelDensity, linspace, silvermanBandwidth, sortedQuantile } from '../../src/plots/kde.js';
import { escapeXml, renderFigure } from '../../src/plots/render.js';
import { Rng } from '../../src/index.js';
import { all, panels, parseSvg, xmlError } from './svg.js';

describe('kernel density estimate', () => {
  it("uses Silverman's rule 0.9 min(sd, IQR / 1.34) n^(-1/5)", () => {
    const x = Float64Array.from([1, 2, 3, 4, 100]).sort();
    const mean = 22;
    const sd = Math.sqrt([1, 2, 3, 4, 100].reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
    const iqr = 4 - 2; // type-7 quartiles 2 and 4
    expect(sortedQuantile(x, 0.25)).toBe(2);
    expect(silvermanBandwidth(x)).toBeCloseTo(0.9 * Math.min(sd, iqr / 1.34) * 5 ** -0.2, 12);
    // zero IQR falls back on the sd, constant data on a small positive width
    const tied = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 10]);
    expect(silvermanBandwidth(tied)).toBeGreaterThan(0);
    expect(silvermanBandwidth(Float64Array.from([3, 3, 3]))).toBeGreaterThan(0);
  });

  it('integrates to one and matches a normal density on normal draws', () => {
    const rng = new Rng(7);
    const x = Float64Array.from(rng.normals(20_000)).sort();
    const h = silvermanBandwidth(x);
    const grid = linspace(-6, 6, 1201);
    const f = kernelDensity(x, grid, h);
    let integral = 0;
    for (let i = 1; i < grid.length; i++) integral += (0.01 * ((f[i] as number) + (f[i - 1] as number))) / 2;
    expect(integral).toBeCloseTo(1, 4);
    // smoothing widens N(0, 1) to N(0, 1 + h^2); Monte Carlo error ~0.005
    const peak = 1 / Math.sqrt(2 * Math.PI * (1 + h * h));
    expect(Math.abs((f[600] as number) - peak)).toBeLessThan(0.01);
  });

  it('matches the direct sum (the kernel cut-off changes nothing visible)', () => {
    const x = Float64Array.from([0.1, 0.5, 0.7, 2, 2.2, 5]).sort();
    const h = 0.4;
    const grid = linspace(-1, 6, 15);
    const f = kernelDensity(x, grid, h);
    grid.forEach((g, j) => {
      let s = 0;
      for (const v of x) s += Math.exp(-0.5 * ((g - v) / h) ** 2) / Math.sqrt(2 * Math.PI) / (x.length * h);
      expect(f[j]).toBeCloseTo(s, 12);
    });
  });
});

describe('thinning and ranges', () => {
  it('thins evenly and deterministically to at most maxPoints', () => {
    expect(Array.from(thinIndices(5, 10))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(thinIndices(10, 4))).toEqual([0, 2, 5, 7]);
    expect(thinIndices(4000, 1000).length).toBe(1000);
  });

  it('widens a zero-width range', () => {
    expect(extent(Float64Array.from([2, -1, 5]))).toEqual([-1, 5]);
    const [lo, hi] = extent(Float64Array.from([3, 3]));
    expect(lo).toBeLessThan(3);
    expect(hi).toBeGreaterThan(3);
  });
});

describe('SVG frame', () => {
  it('escapes XML special characters', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
  });

  it('renders panels into one standalone SVG with xmlns, a title, a legend and escaped labels', () => {
    const svg = renderFigure(
      [
        {
          options: { x: { label: 'x < 1 & y' }, marks: [Plot.lineY([1, 3, 2])] },
          label: 'p<1>&"2"',
          x: 0,
          y: 0,
          width: 300,
          height: 200,
        },
        {
          options: { marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })] },
          label: 'q',
          x: 300,
          y: 0,
          width: 300,
          height: 200,
        },
      ],
      {
        width: 600,
        title: 'k-hat < 0.7 & "ok"',
        subtitle: 'a subtitle',
        legend: [
          { label: 'one & two', color: '#000' },
          { label: 'three', color: '#f00', kind: 'dot' },
        ],
      },
    );
    const root = parseSvg(svg);
    expect(root.getAttribute('width')).toBe('600');
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(200);
    expect(root.querySelector('text.brenier-title')?.textContent).toBe('k-hat < 0.7 & "ok"');
    // (linkedom's XML parser leaves entities in attribute values undecoded: check the text)
    expect(svg).toContain('data-panel="p&lt;1&gt;&amp;&quot;2&quot;"');
    expect(panels(root)).toHaveLength(2);
    expect(all(root, 'g.brenier-legend-entry')).toHaveLength(2);
    expect(root.getAttribute('font-family')).toContain('sans-serif');
    for (const panel of all(root, 'g.brenier-panel > svg')) expect(panel.getAttribute('font-size')).toBe('11');
  });

  it('the strict XML check rejects what a lenient parser would repair', () => {
    expect(xmlError('<svg xmlns="x"><g><path d="M0,0"/></g></svg>')).toBeUndefined();
    expect(xmlError('<svg><g></svg>')).toMatch(/closes/);
    expect(xmlError('<svg><text>a & b</text></svg>')).toMatch(/&/);
    expect(xmlError('<svg a="1" a="2"></svg>')).toMatch(/duplicate/);
    expect(xmlError('<svg a=1></svg>')).toMatch(/unquoted/);
    expect(xmlError('<svg></svg><svg></svg>')).toMatch(/second root/);
    expect(xmlError('<svg><g>')).toMatch(/unclosed/);
  });
});
