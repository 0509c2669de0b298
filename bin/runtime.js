// How piscope's Node process is started: the first line of bin/piscope.js says the same (a test checks),
// and the benchmarks start their piscope children with these, so they measure what users run.
// Measured on the read benchmark (bench/RESULTS.md, 65.8 MB synthetic APK, peak RSS):
// - V8's default young generation (up to 16 MB per semi-space) kept ~100 MB more resident (386 → 265 MB),
//   and was no faster;
// - glibc's per-thread malloc arenas (V8 compiles and collects on other threads) kept freed memory apart;
// - V8 lets the old generation grow up to 4× what survived the last full collection before the next one;
//   dex tables dropped after each file pile up as garbage meanwhile. Capped at 2× (265 → 229 MB), for about
//   10% more CPU on that read; the analysis (more live data) was neither slower nor smaller.
export const NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=100'];
export const NODE_ENV = { MALLOC_ARENA_MAX: '2' };

/** The shebang line that applies them (env -S splits it; coreutils 8.30 and later). */
export function shebang() {
  const env = Object.entries(NODE_ENV).map(([k, v]) => `${k}=${v}`);
  return `#!/usr/bin/env -S ${[...env, 'node', ...NODE_FLAGS].join(' ')}`;
}
