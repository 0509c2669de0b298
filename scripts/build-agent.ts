// Builds the Frida agent: src/runtime/agent/main.ts bundled by esbuild into one script, with the hook list
// generated from the sensitive-API catalogue at build time. `node scripts/build-agent.ts [out.js]`
// (default dist/piscope-agent.js); use it with `frida -U -f <package> -l dist/piscope-agent.js`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { sensitiveApis } from '../src/knowledge/index.ts';
import { hookList, type HookPlan } from '../src/runtime/agent/hook-list.ts';

const ENTRY = fileURLToPath(new URL('../src/runtime/agent/main.ts', import.meta.url));

export async function buildAgent(outfile?: string): Promise<{ code: string; hooks: HookPlan[] }> {
  const hooks = hookList(sensitiveApis());
  const r = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    define: { __PISCOPE_HOOKS__: JSON.stringify(hooks) },
    write: outfile !== undefined,
    ...(outfile !== undefined ? { outfile } : { outdir: 'out' }),
    logLevel: 'silent',
  });
  const code = outfile !== undefined ? '' : new TextDecoder().decode(r.outputFiles?.[0]?.contents ?? new Uint8Array());
  return { code, hooks };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'dist/piscope-agent.js';
  const { hooks } = await buildAgent(out);
  const by = (h: HookPlan['how']): number => hooks.filter((x) => x.how === h).length;
  console.log(`wrote ${out}: ${hooks.length} catalogue entries (${by('method')} methods, ${by('settings')} settings keys, ${by('query')} content URIs, ${by('via')} via another hook, ${by('unobservable')} unobservable)`);
}
