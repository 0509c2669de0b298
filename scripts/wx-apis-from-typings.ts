// Extends src/knowledge/wx-apis.json from the official typings (miniprogram-api-typings): for each API of the
// table below (our judgement: which data it reads), the description and the documentation page are taken from
// the typings' JSDoc of `interface Wx`, so they say what WeChat says. Re-run after upgrading the typings:
//   node scripts/wx-apis-from-typings.ts          rewrites the generated entries (hand-written ones are kept)
//   node scripts/wx-apis-from-typings.ts --check  exits 1 when the file differs from what it would write
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const FILE = join(ROOT, 'src', 'knowledge', 'wx-apis.json');
export const GENERATOR = 'scripts/wx-apis-from-typings.ts';

/** API → the data types it reads (data-types.json ids), an English gloss, and its authorisation scope. */
const TABLE: Record<string, { dataTypes: string[]; en: string; scope?: string }> = {
  onBluetoothDeviceFound: { dataTypes: ['bluetooth'], en: 'nearby Bluetooth devices found', scope: 'scope.bluetooth' },
  getConnectedBluetoothDevices: { dataTypes: ['bluetooth'], en: 'connected Bluetooth devices', scope: 'scope.bluetooth' },
  createBLEConnection: { dataTypes: ['bluetooth'], en: 'a connection to a Bluetooth LE device', scope: 'scope.bluetooth' },
  startBeaconDiscovery: { dataTypes: ['bluetooth'], en: 'nearby iBeacons (scan)' },
  getBeacons: { dataTypes: ['bluetooth'], en: 'nearby iBeacons' },
  onBeaconUpdate: { dataTypes: ['bluetooth'], en: 'nearby iBeacon updates' },
  onGetWifiList: { dataTypes: ['location.wifi'], en: 'the list of nearby Wi-Fi networks' },
  createLivePusherContext: { dataTypes: ['camera', 'microphone'], en: 'live streaming from the camera and microphone', scope: 'scope.camera' },
  joinVoIPChat: { dataTypes: ['microphone'], en: 'a voice or video chat', scope: 'scope.record' },
  createVKSession: { dataTypes: ['camera'], en: 'a vision session on the camera (AR, face, body)', scope: 'scope.camera' },
  onAccelerometerChange: { dataTypes: ['sensors'], en: 'accelerometer readings' },
  onGyroscopeChange: { dataTypes: ['sensors'], en: 'gyroscope readings' },
  onDeviceMotionChange: { dataTypes: ['sensors'], en: 'device orientation readings' },
  startCompass: { dataTypes: ['sensors'], en: 'compass readings' },
  chooseMessageFile: { dataTypes: ['storage'], en: 'files the user picks from chats' },
};

export interface TypingDoc { url: string; zh: string }

/** The JSDoc of each method of `interface Wx`: its documentation page and first sentence. */
export function typingDocs(): Map<string, TypingDoc> {
  const file = createRequire(import.meta.url).resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts');
  const text = readFileSync(file, 'utf8');
  const wx = text.slice(text.indexOf('    interface Wx {'));
  const out = new Map<string, TypingDoc>();
  for (const m of wx.matchAll(/^ {8}\/\*\* \[(?:\[[^\]]*\]\([^)]*\) |\w+ )?wx\.(\w+)\([^)]*\)\]\((https:[^)\s]+)\)([\s\S]*?)\*\/\n {8}(\w+)\s*[<(]/gm)) {
    if (m[1] !== m[4]) continue;
    const paras = m[3]!.split(/\n\s*\*\s*\n/).map((p) => p.replace(/^\s*\*\s?/gm, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/\s+/g, ' ').trim());
    const body = paras.find((p) => p !== '' && !/^(?:需要基础库|在插件中使用|小程序插件|微信 Windows|微信 Mac|\*\*)/.test(p)) ?? '';
    const zh = (/^[^。]*。?/.exec(body)?.[0] ?? body).replace(/。$/, '');
    out.set(m[1]!, { url: m[2]!, zh });
  }
  return out;
}

function version(): string {
  return (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('miniprogram-api-typings/package.json'), 'utf8')) as { version: string }).version;
}

export function generatedEntries(): Record<string, unknown>[] {
  const docs = typingDocs();
  const v = version();
  return Object.entries(TABLE).map(([api, t]) => {
    const d = docs.get(api);
    if (d === undefined) throw new Error(`${api}: not a method of interface Wx in miniprogram-api-typings@${v}`);
    return {
      api,
      dataTypes: t.dataTypes,
      zh: d.zh,
      en: t.en,
      privacyApi: false,
      scope: t.scope ?? null,
      permissionKey: null,
      requiredPrivateInfo: false,
      inTypings: true,
      generatedBy: GENERATOR,
      sources: [`miniprogram-api-typings@${v} types/wx/lib.wx.api.d.ts interface Wx: wx.${api} (description)`, d.url],
    };
  });
}

function render(): string {
  const d = JSON.parse(readFileSync(FILE, 'utf8')) as { apis: { api: string; generatedBy?: string }[] };
  const gen = generatedEntries();
  const names = new Set(gen.map((g) => g.api as string));
  const clash = d.apis.filter((a) => a.generatedBy === undefined && names.has(a.api));
  if (clash.length > 0) throw new Error(`hand-written entries also in the table: ${clash.map((a) => a.api).join(', ')}`);
  d.apis = [...d.apis.filter((a) => a.generatedBy === undefined), ...(gen as unknown as { api: string }[])];
  return `${JSON.stringify(d, null, 1)}\n`;
}

if (import.meta.main) {
  const next = render();
  if (process.argv.includes('--check')) {
    if (next !== readFileSync(FILE, 'utf8')) {
      console.error(`${FILE} differs from what ${GENERATOR} writes: run it`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(FILE, next);
    console.log(`${FILE}: ${Object.keys(TABLE).length} entries from the typings`);
  }
}
