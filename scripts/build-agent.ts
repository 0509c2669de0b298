// Builds the Frida agent (src/runtime/agent/build.ts): `node scripts/build-agent.ts [out.js]` (default
// dist/piscope-agent.js); `piscope device-run` builds it itself, or use it with `frida -U -f <package> -l
// dist/piscope-agent.js`.
import { fileURLToPath } from 'node:url';
import { buildAgent } from '../src/runtime/agent/build.ts';
import type { HookPlan } from '../src/runtime/agent/hook-list.ts';

export { buildAgent };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'dist/piscope-agent.js';
  const { hooks } = await buildAgent(out);
  const by = (h: HookPlan['how']): number => hooks.filter((x) => x.how === h).length;
  console.log(`wrote ${out}: ${hooks.length} catalogue entries (${by('method')} methods, ${by('settings')} settings keys, ${by('query')} content URIs, ${by('via')} via another hook, ${by('unobservable')} unobservable)`);
}
