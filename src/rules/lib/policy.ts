// Reading the policy analysis the way rules need it: is it usable, is it complete enough to call something
// "missing", and is a data type or SDK declared.
import type { PolicyAnalysis, Span } from '../../policy/types.ts';
import type { SdkHit } from '../../analysis/facts.ts';

/** Share of Han characters among Han characters and Latin letters. */
export function hanShare(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return han / Math.max(1, han + latin);
}

/** Below this the text is not a Chinese document, and the policy analyzer (which reads Chinese) cannot judge it. */
export const MIN_HAN_SHARE = 0.2;

/**
 * A policy that was found and is readable Chinese text. A garbled or foreign-language one proves nothing
 * either way: "missing" would only mean "not understood".
 */
export function usablePolicy(p: PolicyAnalysis | null): p is PolicyAnalysis {
  return p !== null && p.found && !p.garbled && p.text.trim().length > 0 && hanShare(p.text) >= MIN_HAN_SHARE;
}

/**
 * Long enough to be a whole policy rather than a summary or a consent pop-up: only then is "nowhere in the
 * policy" strong enough for `confirmed`. Of the 324 CA4P policies, 95% are longer than 3,500 characters.
 */
export function completePolicy(p: PolicyAnalysis): boolean {
  return p.text.length >= 2500;
}

/** Short policies link out to the rest (a separate SDK list, a children's policy): `likely` at most then. */
export function linksOut(p: PolicyAnalysis, what: RegExp): boolean {
  return what.test(p.text) && /(https?:\/\/|链接|点击|查看|详见)/.test(p.text);
}

/** Synonym families: declaring one member declares the others for the user's understanding. */
const FAMILIES: readonly (readonly string[])[] = [
  ['device.imei', 'device.meid'],
  ['location.precise', 'location.coarse'],
  ['media.images', 'storage'],
  ['app-list', 'app-list.running'],
];

/** Whether `dataType` is in `list`, directly or through its synonym family. */
export function inFamily(list: readonly string[], dataType: string): boolean {
  if (list.includes(dataType)) return true;
  return FAMILIES.some((f) => f.includes(dataType) && f.some((m) => list.includes(m)));
}

export function isDeclared(p: PolicyAnalysis, dataType: string): boolean {
  return inFamily([...p.declaredDataTypes, ...p.declared.map((d) => d.dataType)], dataType);
}

export function negatedSpan(p: PolicyAnalysis, dataType: string): Span | undefined {
  return p.negated.find((d) => d.dataType === dataType);
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[\s_\-+·.（）()]/g, '').replace(/sdk$/, '');
}

/** The policy's disclosure of an SDK, by catalogue id, package prefix, or name. */
export function sdkDisclosure(p: PolicyAnalysis, sdk: SdkHit): PolicyAnalysis['sdkDisclosures'][number] | undefined {
  const names = [sdk.name, sdk.nameZh, sdk.id].filter((n) => n !== '').map(norm);
  return p.sdkDisclosures.find((d) => {
    if (d.sdkId !== null && d.sdkId === sdk.id) return true;
    if (d.packageName !== null && sdk.prefixes.some((px) => d.packageName!.startsWith(px) || px.startsWith(d.packageName!))) return true;
    const n = norm(d.name);
    return n !== '' && names.some((m) => m !== '' && (n.includes(m) || m.includes(n)));
  });
}

/** Whether the SDK is named anywhere in the policy text (outside a table the parser recognised). */
export function sdkNamedInText(p: PolicyAnalysis, sdk: SdkHit): boolean {
  if (p.declaredSdks.includes(sdk.id)) return true;
  const text = norm(p.text);
  const names = [sdk.name, sdk.nameZh].map(norm).filter((n) => n.length >= 2);
  return names.some((n) => text.includes(n)) || sdk.prefixes.some((px) => p.text.includes(px));
}

/** The first sentence-like excerpt of the text that matches, with offsets. */
export function findSentence(p: PolicyAnalysis, re: RegExp): Span | undefined {
  const m = re.exec(p.text);
  if (m === null) return undefined;
  const at = m.index;
  const before = p.text.lastIndexOf('。', at);
  const start = Math.max(before + 1, at - 120, 0);
  const stop = p.text.indexOf('。', at + m[0].length);
  const end = Math.min(stop === -1 ? p.text.length : stop + 1, at + m[0].length + 160);
  const section = p.sections.filter((s) => s.start <= at && at < s.end).sort((a, b) => b.level - a.level)[0]?.heading ?? null;
  return { sentence: p.text.slice(start, end).trim(), start, end, section };
}

/** Whether the policy concerns a service with user accounts at all (no account, no cancellation duty). */
export function mentionsAccounts(p: PolicyAnalysis): boolean {
  return /(注册|账号|帐号|账户|帐户|登录|登陆)/.test(p.text);
}
