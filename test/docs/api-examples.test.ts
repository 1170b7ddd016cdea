import { describe, expect, it } from 'vitest';
import { collectExamples, extractExamples, findUndocumentedExports, typeCheckExamples } from './api-examples.js';

describe('API reference', () => {
  it('documents every export of the entry points with a summary and an @example', () => {
    const missing = findUndocumentedExports().map(
      ({ entryPoint, name, declaredIn, missing: lacks }) =>
        `${entryPoint}: ${name} (${declaredIn}) lacks ${lacks.join(', ')}`,
    );
    expect(missing).toEqual([]);
  });

  it('has @example snippets that type-check as complete programs', () => {
    const snippets = collectExamples();
    expect(snippets.length).toBeGreaterThan(50);
    expect(typeCheckExamples(snippets)).toEqual([]);
  });

  it('extracts fenced blocks from doc comments and catches a wrong snippet', () => {
    const text = [
      '/**',
      ' * Adds.',
      ' * @example',
      ' * ```ts',
      " * import { Rng } from 'brenier';",
      ' * const u: number = new Rng(1).uniform();',
      ' * ```',
      ' */',
      'export const x = 1;',
      '/**',
      ' * @example Wrong',
      ' * ```ts',
      " * import { Rng } from 'brenier';",
      ' * const u: string = new Rng(1).uniform();',
      ' * ```',
      ' */',
    ].join('\n');
    const snippets = extractExamples(text, 'file.ts');
    expect(snippets.map((s) => s.location)).toEqual(['file.ts:3', 'file.ts:11']);
    expect(snippets[0]?.code).toContain("import { Rng } from 'brenier';");
    const errors = typeCheckExamples(snippets);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^file\.ts:11 \(example line 2\): Type 'number' is not assignable to type 'string'/);
  });
});
