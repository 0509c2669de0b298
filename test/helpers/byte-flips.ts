// Hostile-input test helpers: seeded random byte flips (every mutant must either read or fail with a
// PiscopeError), and the check that one input fails with the expected typed error.
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

/** What `run` throws, or null when it returns. */
export function caught(run: () => unknown): unknown {
  try {
    run();
    return null;
  } catch (e) {
    return e;
  }
}

/** `e` is a PiscopeError with this code and structure, and a message matching `message`. */
export function expectTypedError(e: unknown, code: string, message: RegExp, structure: string): PiscopeError {
  expect(e).toBeInstanceOf(PiscopeError);
  const pe = e as PiscopeError;
  expect(pe.code).toBe(code);
  expect(pe.message).toMatch(message);
  expect(pe.structure).toBe(structure);
  return pe;
}
