// 认定方法 一.1: no privacy policy, or one with no rules on collecting personal information.
import { guardKey } from '../analysis/guards.ts';
import { defineRule } from './define-rule.ts';
import { collectedDataTypes, isWeakCall } from './lib/collection.ts';
import { dataTypeNames, PRE_CONSENT_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence, fileEvidence, missingEvidence } from './lib/evidence.ts';
import { usablePolicy } from './lib/policy.ts';
import { appPolicyUrls, otherPolicyUrls } from './lib/policy-links.ts';

export default defineRule({
  meta: {
    id: 'no-privacy-policy',
    title: { zh: '未找到隐私政策或隐私政策无收集使用规则', en: 'No privacy policy, or a policy with no collection rules' },
    clauses: ['RD-1.1', 'C25-2'],
    mayCite: ['M164-1.1-S1', 'RD-3.1'],
    methods: ['static', 'policy'],
    severity: 'high',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '安装包内外均未找到隐私政策，或政策中没有任何个人信息收集使用规则。', en: 'Neither the package nor the given file holds a privacy policy, or the policy states no rules on personal information.' },
      rationale: 'A policy fetched from a server at runtime cannot be seen statically, so a missing in-package policy is `likely`, never `confirmed`; with a likely policy URL of the app itself (in its own code or its string resources, naming a policy page) it drops to `possible`. An SDK\'s or other third-party code\'s URLs, API endpoints and SDK vendors\' pages do not count: they are not the app\'s policy.',
    },
  },
  check(ctx) {
    const all = [...collectedDataTypes(ctx.facts).values()].filter((c) => c.calls.length > 0 || c.permissions.length > 0);
    // Reachable calls are collection; a permission alone is only the means to it.
    const collected = all.filter((c) => c.strong);
    // Types the report's data-type table lists as read by reachable code that this finding does not count:
    // their reachable calls are all in platform libraries or unidentified code, or generic, often benign
    // APIs. Named in the message, so the two counts agree for a reader.
    const uncounted = all.filter((c) => c.reachable && !c.strong).map((c) => c.dataType);
    const collects = collected.length > 0;
    const capable = all.length > 0;
    if (ctx.policy === null || !ctx.policy.found) {
      // Only the app's own links count: an SDK's code links to its vendor's policy, which is not the app's.
      const urls = [
        ...(ctx.policyLinks ?? []).map((l) => ({ url: l.url, where: `string resource ${l.source}` })),
        ...appPolicyUrls(ctx.facts).map((u) => ({ url: u.url, where: `string constant in ${u.caller}` })),
      ];
      const searched = ctx.policySearched.length > 0 ? ctx.policySearched : ['assets', 'res/raw', 'string resources'];
      const evidence = [
        fileEvidence(ctx.kind === 'apk' ? 'package' : ctx.kind, `searched for a privacy policy: ${searched.join(', ')}`),
        ...urls.slice(0, 3).map((u) => ({ kind: 'network' as const, url: u.url, matched: u.where })),
        ...ctx.policyMentions.slice(0, 2).map((m) => fileEvidence('resources.arsc', `string resource names the policy: ${m.slice(0, 120)}`)),
        // Shown so a reader sees why they did not count: they are the SDK vendors' pages, not the app's.
        ...otherPolicyUrls(ctx.facts).slice(0, 2).map((u) => fileEvidence(ctx.kind === 'apk' ? 'package' : ctx.kind, `not the app's policy: ${u.url} is in ${u.owner.kind === 'sdk' ? `SDK ${u.owner.sdk ?? ''} code` : 'third-party code'} (${u.caller})`)),
      ];
      // A consent pop-up that names the policy, or a policy URL: the policy exists, outside the package.
      const mentioned = ctx.policyMentions.length > 0;
      const online = urls.length > 0 || mentioned;
      // No policy anywhere: no consent can be asked, so what the app collects on launch it collects before consent
      // (认定方法 三.1). The calls from the launch that read what 164号文 lists (IMEI, MAC, app list…) (Application, its delegates, providers: not a broadcast or push
      // event), with their paths; none behind a guard that keeps them from a fresh install. An app that checks a
      // stored value before collecting (a consent check, by what it does) may ask for consent with a policy
      // kept elsewhere: then this is not said.
      const guards = [...(ctx.guards?.values() ?? [])];
      const asksFirst = guards.some((g) => g.verdict === 'needs-stored-value');
      const events = new Set(ctx.facts.entryPoints.filter((e) => e.trigger === 'event').map((e) => e.method));
      const kept = (c: (typeof ctx.facts.apiCalls)[number]): boolean => {
        const v = ctx.guards?.get(guardKey(c))?.verdict;
        return v === 'off' || v === 'needs-stored-value' || v === 'needs-event';
      };
      const onLaunch = online || asksFirst ? [] : ctx.facts.apiCalls.filter((c) => c.beforeConsent === true && c.reachable === true && PRE_CONSENT_DATA_TYPES.has(c.dataType) && !isWeakCall(c) && c.callerOwner.kind !== 'unknown' &&
        c.path !== undefined && c.path.length > 0 && !events.has(c.path[0]!) && !kept(c));
      const clauses = [
        ...(collected.some((c) => PRE_CONSENT_DATA_TYPES.has(c.dataType)) && !online ? ['RD-1.1', 'C25-2', 'M164-1.1-S1'] : ['RD-1.1', 'C25-2']),
        ...(onLaunch.length > 0 ? ['RD-3.1'] : []),
      ];
      for (const c of onLaunch.slice(0, 3)) evidence.push(codeEvidence(c, 'collects on launch, with no privacy policy to consent to'));
      const first = onLaunch[0];
      const names = dataTypeNames(uncounted);
      const notCounted = uncounted.length === 0 ? { zh: '', en: '' } : {
        zh: `（另有 ${uncounted.length} 类由可达代码读取但未计入：${names.zh}，其调用仅见于平台库或未识别的第三方代码，或为常属良性的通用接口）`,
        en: ` (${uncounted.length} more read by reachable code are not counted: ${names.en}; their calls are only in platform libraries or unidentified third-party code, or are generic APIs that are often benign)`,
      };
      const withLaunch = (m: { zh: string; en: string }): { zh: string; en: string } => first === undefined ? m : {
        zh: `${m.zh}没有隐私政策即无从征得同意，启动时的收集即为征得同意前的收集：${first.path![0]!} 调用 ${first.api}。`,
        en: `${m.en} With no policy there is no consent to ask, so what it collects on launch it collects before consent: ${first.path![0]!} reaches ${first.api}.`,
      };
      ctx.report({
        // 164号文 1.1 场景1: no rules and no consent, yet IMEI, MAC, app list, contacts or SMS are collected.
        ...(clauses.length > 2 ? { clauses } : {}),
        severity: !capable ? 'low' : online || !collects ? 'medium' : 'high',
        confidence: online || !collects ? 'possible' : 'likely',
        dataTypes: (collects ? collected : all).map((c) => c.dataType),
        message: withLaunch(urls.length > 0
          ? { zh: `安装包内未找到隐私政策，但应用自身的${urls[0]!.where.startsWith('string resource') ? '字符串资源' : '代码'}引用了可能的政策网址（${urls[0]!.url}）；请用 --policy 提供该政策后复查。`, en: `No privacy policy inside the package, but the app's own ${urls[0]!.where.startsWith('string resource') ? 'string resources reference' : 'code references'} a likely policy URL (${urls[0]!.url}); pass it with --policy and scan again.` }
          : mentioned
          ? { zh: '安装包内未找到隐私政策全文，但资源中有提及隐私政策的文字（如同意弹窗），政策可能在线加载；请用 --policy 提供后复查。', en: 'No privacy policy text inside the package, but its resources name one (a consent pop-up, say): it is likely loaded online; pass it with --policy and scan again.' }
          : { zh: `安装包内未找到隐私政策，也未提供政策文件${collects ? `，而应用自身或已识别SDK的可达代码收集 ${collected.length} 类个人信息${notCounted.zh}` : capable ? `，而应用申请可收集 ${all.length} 类个人信息的权限` : ''}。`, en: `No privacy policy was found in the package or given${collects ? `, while reachable code of the app or its identified SDKs collects ${collected.length} kind(s) of personal information${notCounted.en}` : capable ? `, while the app requests permissions that reach ${all.length} kind(s) of personal information` : ''}.` }),
        evidence,
        runtimeCheck: { zh: '首次启动时检查是否弹窗展示隐私政策，以及主界面能否找到隐私政策。', en: 'On first launch, check whether a privacy policy is shown, and whether the main UI links to one.' },
      });
      return;
    }
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    if (p.declared.length === 0 && p.declaredDataTypes.length === 0 && collects) {
      ctx.report({
        severity: 'high',
        confidence: 'likely',
        dataTypes: collected.map((c) => c.dataType),
        message: { zh: '隐私政策中未找到任何个人信息类型的收集使用规则。', en: 'The privacy policy states no rule on any type of personal information collected.' },
        evidence: [missingEvidence(p, 'personal-information types and purposes')],
      });
    }
  },
});
