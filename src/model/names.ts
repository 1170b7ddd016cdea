/**
 * Stan-style flattened names: `theta[1]`, `L_Omega[2,1]`, 1-based, in Stan's
 * column-major order (the first index varies fastest), as in posteriordb
 * reference draws and Stan's CSV output.
 *
 * @module
 */
import { sizeOf } from '../core/ndarray.js';

/**
 * Flattened names of a value of `shape`, in Stan's (column-major) order,
 * paired with the row-major offset of each entry.
 */
export function flatNames(name: string, shape: readonly number[]): { names: string[]; offsets: number[] } {
  if (shape.length === 0) return { names: [name], offsets: [0] };
  const n = sizeOf(shape);
  const names: string[] = [];
  const offsets: number[] = [];
  const rowStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const index = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    names.push(`${name}[${index.map((i) => i + 1).join(',')}]`);
    offsets.push(index.reduce((acc, i, d) => acc + i * (rowStrides[d] as number), 0));
    // Column-major increment: first index fastest.
    for (let d = 0; d < shape.length; d++) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return { names, offsets };
}
