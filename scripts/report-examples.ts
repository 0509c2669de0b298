// `npm run examples`: writes the example reports of docs/reports/ with the piscope command, so they show what
// the current code prints rather than what it printed when someone last copied them by hand. ApiDemos comes
// from the corpus (npm run corpus); the two real policies come from ../shared's CA4P set (evaluation data, not
// part of the project), so the script stops with a clear message without it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs', 'reports');
const apk = '.cache/corpus/android-apidemos/ApiDemos-debug.apk';
const ca4p = resolve(root, '..', 'shared', 'corpus', 'policies', 'ca4p', 'raw');
const policy = (n: string): string => join(ca4p, `${n}.html`);

for (const need of [join(root, apk), policy('0496'), policy('0497')]) {
  if (!existsSync(need)) throw new Error(`${need} is missing: run 'npm run corpus', with ../shared beside the project`);
}

function piscope(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin', 'piscope.js'), ...args, '--quiet'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
}

const write = (name: string, text: string): void => writeFileSync(join(out, name), text);
write('apidemos.txt', piscope(['scan', apk, '--fail-on', 'never']));
write('apidemos-with-policy.txt', piscope(['scan', apk, '--policy', policy('0496'), '--fail-on', 'never']));
write('apidemos.html', piscope(['scan', apk, '--format', 'html', '--fail-on', 'never']));
write('apidemos.sarif', piscope(['scan', apk, '--format', 'sarif', '--fail-on', 'never']));
write('apidemos-lists.csv', piscope(['lists', apk, '--policy', policy('0497'), '--format', 'csv']));
write('apidemos-lists.html', piscope(['lists', apk, '--policy', policy('0497'), '--format', 'html']));

// The PDF's first page as a picture, at 60 dpi (Chromium for the PDF, poppler's pdftoppm for the PNG).
const tmp = mkdtempSync(join(tmpdir(), 'piscope-examples-'));
try {
  const pdf = join(tmp, 'apidemos.pdf');
  piscope(['scan', apk, '--format', 'pdf', '--out', pdf, '--fail-on', 'never']);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(tmp, 'page')]);
  renameSync(join(tmp, 'page.png'), join(out, 'apidemos-pdf-page-1.png'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`examples written to ${out}`);
