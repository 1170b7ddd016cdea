import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expandTo, linearPredictor, logAddExp, logMix, select } from '../../src/model/helpers.js';

describe('model helpers', () => {
  it('linearPredictor gives X beta per particle', () => {
    const X = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const beta = tf.tensor2d([
      [1, 0],
      [0.5, -1],
    ]);
    const eta = linearPredictor(X, beta);
    expect(eta.shape).toEqual([2, 3]);
    expect(Array.from(eta.dataSync())).toEqual([1, 3, 5, -1.5, -2.5, -3.5]);
  });

  it('select picks groups by 1-based index, with the gather gradient', () => {
    const values = tf.tensor2d([
      [10, 20, 30],
      [40, 50, 60],
    ]);
    const group = tf.tensor1d([3, 1, 3, 2], 'int32');
    expect(Array.from(select(values, group).dataSync())).toEqual([30, 10, 30, 20, 60, 40, 60, 50]);
    // d/dvalues of sum(w * select(values)): each group collects the weights of its observations.
    const w = tf.tensor2d([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(w, select(v, group))))(values);
    expect(Array.from(g.dataSync())).toEqual([2, 4, 1 + 3, 6, 8, 5 + 7]);
    expect(Array.from(select(values, tf.tensor1d([0, 2], 'int32'), { base: 0 }).dataSync())).toEqual([10, 30, 40, 60]);
  });

  it('select keeps trailing axes and their gradient', () => {
    const values = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ]); // [N=1, J=2, 2]
    const group = tf.tensor1d([2, 2, 1], 'int32');
    const picked = select(values, group);
    expect(picked.shape).toEqual([1, 3, 2]);
    expect(Array.from(picked.dataSync())).toEqual([3, 4, 3, 4, 1, 2]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(select(v, group)))(values);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 2, 2]);
  });

  it('logMix and logAddExp match float64 and survive -Infinity', () => {
    const a = tf.tensor1d([-1, 0, -1000, -Infinity]);
    const b = tf.tensor1d([-2, 3, -1001, -5]);
    const expected = [
      [-1, -2],
      [0, 3],
      [-1000, -1001],
      [-Infinity, -5],
    ].map(([x, y]) => {
      const m = Math.max(x as number, y as number);
      return m + Math.log(Math.exp((x as number) - m) + Math.exp((y as number) - m));
    });
    const got = Array.from(logAddExp(a, b).dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 4));
    const mix = logMix(0.3, a, b).dataSync()[1] as number;
    expect(mix).toBeCloseTo(Math.log(0.3 * Math.exp(0) + 0.7 * Math.exp(3)), 4);
  });

  it('expandTo adds trailing axes so particle tensors broadcast against matrices', () => {
    expect(expandTo(tf.zeros([4, 1]), 3).shape).toEqual([4, 1, 1]);
    expect(expandTo(tf.zeros([4, 3]), 3).shape).toEqual([4, 3, 1]);
  });
});
