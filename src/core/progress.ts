/**
 * Progress reporting for long calls: a one-line bar on a TTY (standard
 * error), silence otherwise, and an optional callback. Cancellation goes
 * through a standard `AbortSignal`.
 *
 * @module
 */

/**
 * A progress update of a long call.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type Progress } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const log: Progress[] = [];
 * await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1, onProgress: (p) => log.push(p) });
 * const last = log[log.length - 1]; // { phase: 'fit', step: 170, total: 1030, message: 'gaussian ELBO -32.19' }
 * ```
 */
export interface Progress {
  /** What is running, e.g. `'fit'`. */
  readonly phase: string;
  /** Steps done. */
  readonly step: number;
  /** Step budget (the maximum; a call may stop earlier). */
  readonly total: number;
  /** A short status, e.g. `'ELBO -31.2'`. */
  readonly message: string;
}

/**
 * Options shared by long calls ({@link fitPosterior}, {@link sampleNuts},
 * {@link fitAdvi}): a progress callback, cancellation, and the progress bar.
 *
 * @example Stop a fit after ten seconds
 * ```ts
 * import { fitPosterior, initBackend, type ProgressOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const progress: ProgressOptions = {
 *   onProgress: ({ step, total, message }) => console.log(`${step}/${total} ${message}`),
 *   signal: AbortSignal.timeout(10_000), // the fit rejects with the signal's reason
 *   progressBar: false,
 * };
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1, ...progress });
 * ```
 */
export interface ProgressOptions {
  /** Called after every step. */
  onProgress?: (progress: Progress) => void;
  /** Cancels the call: it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Show a bar on standard error. Default: only when standard error is a TTY. */
  progressBar?: boolean;
}

/** A progress reporter for one call. */
export interface ProgressReporter {
  /** Report a step; throws the signal's reason when aborted. */
  update(step: number, message: string): void;
  /** Clear the bar. */
  done(): void;
}

/** Create a reporter for a call with `total` steps. */
export function progressReporter(phase: string, total: number, options: ProgressOptions): ProgressReporter {
  const stream = process.stderr;
  const bar = options.progressBar ?? stream.isTTY === true;
  let lastDraw = 0;
  return {
    update(step: number, message: string): void {
      options.signal?.throwIfAborted();
      options.onProgress?.({ phase, step, total, message });
      if (!bar) return;
      const now = Date.now();
      if (now - lastDraw < 100 && step < total) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((width * Math.min(step, total)) / total);
      stream.write(
        `\r${phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${total} ${message}\u001b[K`,
      );
    },
    done(): void {
      if (bar) stream.write('\r\u001b[K');
    },
  };
}

/** Yield to the event loop so that timers and abort signals can fire. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
