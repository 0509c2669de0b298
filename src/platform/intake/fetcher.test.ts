// The per-store limiter: never more than `concurrency` tasks at once, every task run, in order of arrival; one
// limiter per store, shared by the sources that read that store.
import { describe, expect, it } from 'vitest';
import { Fetcher, RateLimiter } from './fetcher.ts';

describe('RateLimiter', () => {
  it('caps the tasks at once and runs them all in order', async () => {
    const l = new RateLimiter(1000, 3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      l.run(async () => {
        started.push(i);
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => gates.push(r));
        active--;
        return i;
      }),
    );
    // Each time as many tasks wait as may run, release one, until all have run.
    for (let finished = 0; finished < 10; finished++) {
      while (gates.length < Math.min(3, 10 - finished)) await new Promise((r) => setTimeout(r, 1));
      gates.shift()!();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('is one per store', () => {
    const f = new Fetcher();
    const limits = { perSecond: 2, concurrency: 1, attempts: 1, backoffMs: 0, maxBytes: 1, timeoutMs: 100 };
    expect(f.limiter('fdroid:https://f-droid.org/repo', limits)).toBe(f.limiter('fdroid:https://f-droid.org/repo', limits));
    expect(f.limiter('fdroid:https://f-droid.org/repo', limits)).not.toBe(f.limiter('huawei', limits));
  });
});
