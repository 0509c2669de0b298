// Builds the Frida agent: main.ts bundled by esbuild into one script, with the hook list generated from the
// sensitive-API catalogue at build time. Used by scripts/build-agent.ts and `piscope device-run`. esbuild and
// frida-java-bridge are development dependencies: a lab runs piscope from a clone with `npm ci`.
import { fileURLToPath } from 'node:url';
import { sensitiveApis } from '../../knowledge/index.ts';
import { hookList, type HookPlan } from './hook-list.ts';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

export async function buildAgent(outfile?: string): Promise<{ code: string; hooks: HookPlan[] }> {
  const hooks = hookList(sensitiveApis());
  const { build } = await import('esbuild');
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
