/**
 * The API reference's contract, checked with the TypeScript compiler:
 * every symbol exported from the package's entry points has a doc comment
 * with a summary and an `@example`, and every `@example` code block is a
 * complete program that type-checks against the sources (imports from
 * `'brenier'` and `'brenier/models'` resolve to `src/index.ts` and
 * `models/index.ts`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The package's entry points, as in package.json `exports`. */
export const ENTRY_POINTS = ['src/index.ts', 'models/index.ts'] as const;

/** An exported symbol whose doc comment lacks a summary or an example. */
export interface MissingDoc {
  entryPoint: string;
  name: string;
  declaredIn: string;
  missing: ('summary' | 'example')[];
}

/** One fenced code block of an `@example` tag. */
export interface ExampleSnippet {
  /** File and line of the tag, e.g. `src/index.ts:12`. */
  location: string;
  code: string;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(REPOSITORY_ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPOSITORY_ROOT);
  return {
    ...parsed.options,
    noEmit: true,
    baseUrl: REPOSITORY_ROOT,
    paths: { brenier: ['src/index.ts'], 'brenier/models': ['models/index.ts'] },
    // Snippets show calls; an unused binding in one is not a defect.
    noUnusedLocals: false,
    noUnusedParameters: false,
    // Each snippet is its own module, even one without imports.
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
}

let entryProgram: ts.Program | undefined;

/** The program of the entry points and all they import, built once. */
function packageProgram(): ts.Program {
  entryProgram ??= ts.createProgram(
    ENTRY_POINTS.map((entry) => join(REPOSITORY_ROOT, entry)),
    compilerOptions(),
  );
  return entryProgram;
}

/** Exports of the entry points that lack a summary or an `@example`. */
export function findUndocumentedExports(): MissingDoc[] {
  const program = packageProgram();
  const checker = program.getTypeChecker();
  const missing: MissingDoc[] = [];
  for (const entryPoint of ENTRY_POINTS) {
    const source = program.getSourceFile(join(REPOSITORY_ROOT, entryPoint));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read the exports of ${entryPoint}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const hasExample = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
      const lacks: MissingDoc['missing'] = [];
      if (summary === '') lacks.push('summary');
      if (!hasExample) lacks.push('example');
      if (lacks.length > 0) {
        const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? entryPoint;
        missing.push({ entryPoint, name: exported.name, declaredIn: relative(REPOSITORY_ROOT, file), missing: lacks });
      }
    }
  }
  return missing;
}

/** Every TypeScript source file reachable from the entry points. */
function packageSourceFiles(): string[] {
  return packageProgram()
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((name) => !name.includes('/node_modules/') && name.startsWith(REPOSITORY_ROOT));
}

const EXAMPLE_BLOCK =
  /@example[^\n]*\n((?:[ \t]*\*[^\n]*\n)*?)[ \t]*\*[ \t]*```ts\n((?:[ \t]*\*[^\n]*\n)*?)[ \t]*\*[ \t]*```/g;

/** The fenced `ts` code blocks of all `@example` tags in one source text. */
export function extractExamples(text: string, fileLabel: string): ExampleSnippet[] {
  const snippets: ExampleSnippet[] = [];
  for (const match of text.matchAll(EXAMPLE_BLOCK)) {
    const body = match[2] ?? '';
    const code = body
      .split('\n')
      .map((line) => line.replace(/^[ \t]*\* ?/, ''))
      .join('\n');
    const line = text.slice(0, match.index).split('\n').length;
    snippets.push({ location: `${fileLabel}:${line}`, code });
  }
  return snippets;
}

/** All `@example` snippets of the package's sources. */
export function collectExamples(): ExampleSnippet[] {
  return packageSourceFiles().flatMap((file) =>
    extractExamples(readFileSync(file, 'utf8'), relative(REPOSITORY_ROOT, file)),
  );
}

/**
 * Type-check the snippets as separate ES modules beside the package (so
 * that top-level `await` is allowed). Returns one message per error, with
 * the snippet's location.
 */
export function typeCheckExamples(snippets: readonly ExampleSnippet[]): string[] {
  const folder = join(REPOSITORY_ROOT, '.api-examples');
  const virtual = new Map(snippets.map((snippet, k) => [join(folder, `example-${k}.ts`), snippet]));
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError, create) => {
    const snippet = virtual.get(name);
    return snippet
      ? ts.createSourceFile(name, snippet.code, language, true)
      : getSourceFile.call(host, name, language, onError, create);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: string[] = [];
  for (const [name, snippet] of virtual) {
    const source = program.getSourceFile(name);
    if (!source) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const diagnostic of diagnostics) {
      const position =
        diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      errors.push(`${snippet.location} (example line ${position}): ${message}`);
    }
  }
  return errors;
}
