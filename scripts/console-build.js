// Builds the web console into console/dist: npm's `prepare` script, so `npm ci` builds it. Plain JavaScript,
// because npm may run it with the system Node 20 (vite 8 runs on Node 20.19 and later). Without vite (an
// install without dev dependencies) it says so and leaves the install alone: `piscope serve` then serves the
// API and, at `/`, a page saying how to build the console.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
if (!existsSync(vite)) {
  process.stderr.write('piscope: vite is not installed, so the web console is not built (npm ci installs it)\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, [vite, 'build', 'console', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.stderr.write('piscope: the web console failed to build (see above); `npm run console:build` tries again\n');
process.exit(r.status ?? 1);
