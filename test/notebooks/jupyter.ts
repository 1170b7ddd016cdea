/**
 * Finding Jupyter and the TypeScript (tslab) kernel for the example
 * notebooks. The kernel may be installed for the user (anywhere Jupyter
 * looks) or, by `npm run notebooks:setup`, inside the repository under
 * `.jupyter/` (git-ignored), which is added to `JUPYTER_PATH`.
 */
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NOTEBOOK_FOLDER = join(REPOSITORY_ROOT, 'examples', 'notebooks');
/** Where `npm run notebooks:setup` installs tslab and its kernel spec. */
export const LOCAL_JUPYTER = join(REPOSITORY_ROOT, '.jupyter');
export const KERNEL_NAME = 'tslab';

/** The environment for Jupyter commands: the local kernel folder first. */
export function jupyterEnvironment(): NodeJS.ProcessEnv {
  const local = join(LOCAL_JUPYTER, 'share', 'jupyter');
  const existing = process.env['JUPYTER_PATH'];
  return { ...process.env, JUPYTER_PATH: existing ? `${local}${delimiter}${existing}` : local };
}

/** Run `jupyter <args>`; `undefined` when the command cannot be started. */
export function runJupyter(
  args: string[],
  options: { cwd?: string; inherit?: boolean } = {},
): { status: number; stdout: string; stderr: string } | undefined {
  const result = spawnSync('jupyter', args, {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    env: jupyterEnvironment(),
    encoding: 'utf8',
    stdio: options.inherit ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return undefined;
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** What is missing to run the notebooks, or `undefined` when nothing is. */
export function missingForNotebooks(): string | undefined {
  const nbconvert = runJupyter(['nbconvert', '--version']);
  if (nbconvert === undefined || nbconvert.status !== 0)
    return 'Jupyter (jupyter nbconvert) is not installed; see docs/notebooks.md for the one-time set-up.';
  const specs = runJupyter(['kernelspec', 'list', '--json']);
  if (specs === undefined || specs.status !== 0) return 'jupyter kernelspec list failed.';
  const names = Object.keys((JSON.parse(specs.stdout) as { kernelspecs: Record<string, unknown> }).kernelspecs);
  if (!names.includes(KERNEL_NAME))
    return `the TypeScript kernel '${KERNEL_NAME}' is not installed (found: ${names.join(', ') || 'none'}); run npm run notebooks:setup.`;
  return undefined;
}
