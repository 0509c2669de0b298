// Seeded random byte flips for hostile-input tests: every mutant must either read or fail with a PiscopeError.
import { expect } from 'vitest';
import { PiscopeError } from '../../src/errors.ts';

export interface FlipOptions {
  seed: number;
  iterations: number;
  /** At most this many bytes changed per mutant (at least one). */
  maxFlips: number;
  /** Bytes before this offset (a magic or header the test keeps) are never changed. */
  from: number;
}

/** Runs `read` on mutants of `original`; `read` returns the error it caught, or null. Returns how many failed. */
export function expectFlipsTyped(original: Uint8Array, opts: FlipOptions, read: (bytes: Uint8Array) => unknown): number {
  let seed = opts.seed;
  const rnd = (n: number): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed % n;
  };
  let failures = 0;
  for (let k = 0; k < opts.iterations; k++) {
    const b = original.slice();
    const flips = 1 + rnd(opts.maxFlips);
    for (let f = 0; f < flips; f++) b[opts.from + rnd(b.length - opts.from)] = rnd(256);
    const e = read(b);
    if (e !== null) {
      expect(e, `iteration ${k}`).toBeInstanceOf(PiscopeError);
      failures++;
    }
  }
  // A mutation test in which nothing ever fails tests nothing.
  expect(failures).toBeGreaterThan(0);
  return failures;
}
