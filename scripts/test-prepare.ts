// Run by `npm test` before the tests: makes sure the Debian tools the oracle tests need are installed, then
// fetches the real corpus and builds our fixture apps. Everything here is idempotent and offline-safe after
// the first run (the npm registry and Debian's packages are the only sources).
import { execFileSync, spawnSync } from 'node:child_process';
import { fetchCorpus } from './fetch-corpus.ts';
import { buildAllFixtures } from './build-fixtures.ts';

const TOOLS: Record<string, string> = {
  apktool: 'apktool', aapt: 'aapt', dexdump: 'dexdump', dexlist: 'dexlist', apksigner: 'apksigner', zipalign: 'zipalign',
  androguard: 'androguard', javap: 'default-jdk-headless', keytool: 'default-jdk-headless', proguard: 'proguard-cli',
  unzip: 'unzip', zip: 'zip', pdftoppm: 'poppler-utils', baksmali: 'libsmali-java', smali: 'libsmali-java',
};
const EXTRA_PACKAGES = ['libjarjar-java', 'libsmali-java', 'android-framework-res'];

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = [...new Set(Object.entries(TOOLS).filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))];
const missingJars = EXTRA_PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
const need = [...missing, ...missingJars];
if (need.length > 0) {
  if (process.getuid?.() !== 0) {
    process.stderr.write(`test-prepare: missing Debian packages: ${need.join(' ')}\n  install them: sudo apt-get install -y ${need.join(' ')}\n`);
    process.exit(1);
  }
  process.stderr.write(`test-prepare: installing ${need.join(' ')}\n`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...need], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
fetchCorpus();
buildAllFixtures();
