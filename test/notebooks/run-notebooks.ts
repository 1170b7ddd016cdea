/**
 * Execute the example notebooks headlessly (`npm run notebooks`): each
 * notebook in examples/notebooks runs top to bottom in the TypeScript
 * kernel, and the run fails if any cell fails.
 *
 * Usage: `npm run notebooks [-- [--update] [--status] [name ...]]`
 * - `--update` writes the fresh outputs back into the notebooks (to be
 *   committed); otherwise the executed copies go to a temporary folder.
 * - `--status` only reports whether Jupyter and the kernel are available
 *   (exit 0) or not (exit 3), for CI.
 * - names select notebooks by file-name prefix.
 *
 * The notebooks import the package's build (`dist/`); the npm script
 * builds it first.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KERNEL_NAME, NOTEBOOK_FOLDER, missingForNotebooks, runJupyter } from './jupyter.js';

/** Seconds one cell may run before the notebook counts as failed. */
const CELL_TIMEOUT_SECONDS = 600;

const args = process.argv.slice(2);
const update = args.includes('--update');
const statusOnly = args.includes('--status');
const selected = args.filter((arg) => !arg.startsWith('--'));

const missing = missingForNotebooks();
if (statusOnly) {
  console.log(
    missing === undefined ? 'notebooks: Jupyter and the TypeScript kernel are available' : `notebooks: ${missing}`,
  );
  process.exit(missing === undefined ? 0 : 3);
}
if (missing !== undefined) {
  console.error(`notebooks: cannot run: ${missing}`);
  process.exit(1);
}

const notebooks = readdirSync(NOTEBOOK_FOLDER)
  .filter((name) => name.endsWith('.ipynb'))
  .filter((name) => selected.length === 0 || selected.some((prefix) => name.startsWith(prefix)))
  .sort();
if (notebooks.length === 0) {
  console.error(`notebooks: no notebook matches ${selected.join(', ')}`);
  process.exit(1);
}

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
}

/**
 * What each code cell of an executed notebook wrote to stderr, where the
 * kernel reports type errors and stack traces (it sends no error message
 * that nbconvert would record).
 */
function cellStderr(path: string): string[] {
  const notebook = JSON.parse(readFileSync(path, 'utf8')) as {
    cells: { cell_type: string; outputs?: NotebookOutput[] }[];
  };
  const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join('') : (value ?? ''));
  return notebook.cells.flatMap((cell, index) => {
    const stderr = (cell.outputs ?? [])
      .filter((output) => output.output_type === 'stream' && output.name === 'stderr')
      .map((output) => text(output.text).trim())
      .join('\n');
    return stderr === '' ? [] : [`cell ${index + 1} wrote to stderr:\n${stderr.split('\n').slice(0, 12).join('\n')}`];
  });
}

function execute(name: string, outputFolder: string, allowErrors: boolean) {
  return runJupyter(
    [
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_SECONDS}`,
      '--ExecutePreprocessor.record_timing=False',
      ...(allowErrors ? ['--allow-errors'] : []),
      '--output-dir',
      outputFolder,
      name,
    ],
    { cwd: NOTEBOOK_FOLDER },
  );
}

// Executed copies go to a temporary folder, and replace the notebooks only
// with --update and only when every cell ran.
const outputFolder = mkdtempSync(join(tmpdir(), 'notebooks-'));
let failures = 0;
for (const name of notebooks) {
  const started = Date.now();
  const result = execute(name, outputFolder, false);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const executed = join(outputFolder, name);
  if (result === undefined || result.status !== 0) {
    failures += 1;
    console.log(`FAIL ${name} (${seconds} s)`);
    if (result === undefined) {
      console.log('jupyter could not be started');
      continue;
    }
    console.log(result.stderr.split('\n').slice(-15).join('\n'));
    // Run once more to the end to collect the kernel's messages, which
    // nbconvert does not show.
    const rerun = execute(name, outputFolder, true);
    if (rerun?.status === 0) console.log(cellStderr(executed).join('\n'));
  } else {
    if (update) copyFileSync(executed, join(NOTEBOOK_FOLDER, name));
    console.log(`ok   ${name} (${seconds} s)${update ? ', outputs updated' : ''}`);
  }
}
rmSync(outputFolder, { recursive: true, force: true });
console.log(`notebooks: ${notebooks.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
