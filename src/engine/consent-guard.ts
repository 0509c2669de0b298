// Consent checks on the paths the analysis calls "before consent". Reachability does not prune branches, so
// `if (prefs.getBoolean("privacy_agreed")) Sdk.init()` in Application.onCreate looks like collection before
// consent. A method on the path that reads a consent-like flag is recorded here, and rules then refuse to call
// the path a violation on their own (they downgrade it and say why).
import type { AnalysisFacts } from '../analysis/facts.ts';
import type { CodeIndex, MethodInfo } from '../package/code-model.ts';

/** Keys and method names that mean "the user agreed to the policy". */
const CONSENT_WORD = /(agree|consent|privacy|protocol|policy|yinsi|xieyi|accept|authoriz|隐私|协议|同意|授权)/i;
const FLAG_READ = /^(getBoolean|getInt|getString|contains|decodeBool|decodeInt|getBool|readBoolean)$/;

function parseMethod(s: string): { owner: string; name: string; descriptor: string } | null {
  const m = /^(L[^;]+;)->([^(]+)(\(.*)$/.exec(s);
  return m === null ? null : { owner: m[1]!, name: m[2]!, descriptor: m[3]! };
}

/** Why this method looks like it checks consent, or null. */
function consentCheck(m: MethodInfo): string | null {
  // Each method is looked at once (seen): decode without filling the index's cache, as the scan does.
  const code = m.codeUncached !== undefined ? m.codeUncached() : m.code();
  if (code === null) return null;
  const key = code.strings.find((s) => s.length <= 80 && CONSENT_WORD.test(s));
  if (key !== undefined && code.invokes.some((i) => FLAG_READ.test(i.target.name))) return `reads the flag "${key}"`;
  const call = code.invokes.find((i) => i.target.descriptor.endsWith(')Z') && CONSENT_WORD.test(i.target.name));
  if (call !== undefined) return `calls ${call.target.owner}->${call.target.name}${call.target.descriptor}`;
  return null;
}

/** Methods on pre-consent paths that check a consent flag, with what they do: `smali method → reason`. */
export function findConsentChecks(facts: AnalysisFacts, code: CodeIndex): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const paths = [...facts.apiCalls, ...facts.behaviors.map((b) => ({ beforeConsent: b.beforeConsent, path: b.caller === null ? [] : [b.caller] }))]
    .filter((c) => c.beforeConsent === true)
    .map((c) => c.path ?? []);
  for (const path of paths) {
    for (const s of path) {
      if (seen.has(s)) continue;
      seen.add(s);
      const ref = parseMethod(s);
      const m = ref === null ? undefined : code.getMethod(ref);
      const why = m === undefined ? null : consentCheck(m);
      if (why !== null) out.set(s, why);
    }
  }
  return out;
}
