// Owners as rules name them. Only the app's own code is "应用 / the app"; code of no identified SDK is named
// by its package prefix, and platform code (AndroidX, Kotlin…) as a platform library.
import { partyOf } from '../../analysis/facts-build.ts';
import type { LocalizedText, Owner } from '../../report/types.ts';

export { partyOf };

/** One key per owner: `app`, the SDK id, `third-party:<prefix>` or `platform:<prefix>`. */
export function ownerKey(o: Owner): string {
  const party = partyOf(o);
  if (party === 'app') return 'app';
  if (party === 'sdk') return o.sdk ?? 'sdk';
  return `${party}:${o.prefix ?? ''}`;
}

/** The owner in a sentence: "应用 / The app", "SDK（id）", "未识别的第三方代码 com.x", "平台库 androidx.core". */
export function ownerWords(o: Owner): LocalizedText {
  switch (partyOf(o)) {
    case 'app':
      return { zh: '应用', en: 'The app' };
    case 'sdk':
      return { zh: `SDK（${o.sdk ?? '?'}）`, en: `SDK ${o.sdk ?? '?'}` };
    case 'platform':
      return { zh: `平台库 ${o.prefix ?? ''}`.trim(), en: `Platform library ${o.prefix ?? ''}`.trim() };
    case 'third-party':
      return o.prefix === undefined || o.prefix === ''
        ? { zh: '未识别的代码（包名已混淆）', en: 'Unidentified code (obfuscated package names)' }
        : { zh: `未识别的第三方代码 ${o.prefix}`, en: `Unidentified third-party code ${o.prefix}` };
  }
}
