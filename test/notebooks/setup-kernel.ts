/**
 * One-time set-up of the TypeScript notebook kernel (`npm run
 * notebooks:setup`): installs tslab into `.jupyter/tslab` (outside the
 * package's own dependencies, whose `tsc` tslab's TypeScript fork would
 * shadow) and registers its kernel spec under `.jupyter/share/jupyter`.
 * Jupyter itself comes from the system, e.g. Debian's packages:
 * `apt-get install jupyter-nbconvert jupyter-client python3-ipykernel`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_JUPYTER, missingForNotebooks, runJupyter } from './jupyter.js';

/** The tslab release the notebooks were written and run with. */
const TSLAB_VERSION = '1.0.22';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`notebooks:setup: '${command} ${args.join(' ')}' failed`);
    process.exit(1);
  }
}

const nbconvert = runJupyter(['nbconvert', '--version']);
if (nbconvert === undefined || nbconvert.status !== 0) {
  console.error(
    'notebooks:setup: Jupyter is not installed. On Debian or Ubuntu:\n' +
      '  sudo apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client python3-ipykernel\n' +
      'then run npm run notebooks:setup again.',
  );
  process.exit(1);
}

const tslabFolder = join(LOCAL_JUPYTER, 'tslab');
mkdirSync(tslabFolder, { recursive: true });
if (!existsSync(join(tslabFolder, 'package.json')))
  writeFileSync(join(tslabFolder, 'package.json'), JSON.stringify({ private: true }, null, 2) + '\n');
run('npm', ['install', '--prefix', tslabFolder, '--no-audit', '--no-fund', `tslab@${TSLAB_VERSION}`]);

const tslab = join(tslabFolder, 'node_modules', '.bin', 'tslab');
// tslab registers its kernel with a Python that has jupyter_client: the
// first such among python3 on the PATH and the system's.
const python = ['python3', '/usr/bin/python3'].find(
  (candidate) => spawnSync(candidate, ['-c', 'import jupyter_client'], { stdio: 'ignore' }).status === 0,
);
if (python === undefined) {
  console.error('notebooks:setup: no python3 with jupyter_client found (install python3-ipykernel)');
  process.exit(1);
}
run(tslab, ['install', `--python=${python}`, `--binary=${tslab}`, `--prefix=${LOCAL_JUPYTER}`]);

const missing = missingForNotebooks();
if (missing !== undefined) {
  console.error(`notebooks:setup: ${missing}`);
  process.exit(1);
}
console.log('notebooks:setup: the TypeScript kernel is ready; run npm run notebooks');
