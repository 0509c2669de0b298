// SDK-1, 26号文 (M23-12), 认定方法 二.1: an embedded third-party SDK that the policy does not name.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { codeEvidence, missingEvidence } from './lib/evidence.ts';
import { completePolicy, sdkDisclosure, sdkNamedInText, usablePolicy } from './lib/policy.ts';

const SDK_LIST_LINK = /(第三方(SDK|sdk|共享|信息共享)?(目录|清单|列表)|SDK(目录|清单|列表)|共享清单)/;

export default defineRule({
  meta: {
    id: 'undisclosed-sdk',
    title: { zh: '第三方SDK未在隐私政策中公示', en: 'Third-party SDK not disclosed in the policy' },
    clauses: ['SDK-1', 'M23-12', 'RD-2.1'],
    mayCite: ['M164-1.1-S4', 'GB35273-9.7', 'GB41391-6.6'],
    methods: ['static', 'policy'],
    severity: 'high',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '安装包中嵌入的第三方SDK未在隐私政策（或其SDK清单）中列出。', en: 'An SDK embedded in the package is not named in the policy (or its SDK list).' },
      rationale: 'High when the SDK itself collects personal information. When the policy points to a separate SDK list that was not given, `possible` and low: the list may name it.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    const collected = [...collectedDataTypes(ctx.facts).values()];
    const externalList = p.sdkDisclosures.length === 0 && SDK_LIST_LINK.test(p.text);
    for (const sdk of ctx.facts.sdks) {
      // Plain libraries (OkHttp, Glide…) process no personal information of their own.
      if (sdk.category === 'library') continue;
      if (sdkDisclosure(p, sdk) !== undefined || sdkNamedInText(p, sdk)) continue;
      const own = collected.filter((c) => c.owners.has(sdk.id));
      const types = own.map((c) => c.dataType);
      const collects = own.some((c) => c.reachable);
      const calls = own.flatMap((c) => c.calls.filter((x) => x.callerOwner.sdk === sdk.id)).slice(0, 3);
      ctx.report({
        ...(collects && !externalList ? { clauses: ['SDK-1', 'M23-12', 'RD-2.1', 'M164-1.1-S4'] } : {}),
        severity: externalList ? 'low' : collects ? 'high' : types.length > 0 ? 'medium' : 'low',
        confidence: externalList ? 'possible' : completePolicy(p) ? 'likely' : 'possible',
        sdk: sdk.id,
        dataTypes: types,
        message: {
          zh: `嵌入的第三方SDK「${sdk.nameZh || sdk.name}」（${sdk.vendor ?? '开发者未知'}，包名 ${sdk.packages.join('、')}）未在隐私政策中公示${types.length > 0 ? `，该SDK收集：${types.join('、')}` : ''}${externalList ? '；政策提到另有SDK清单，请一并提供后复查' : ''}。`,
          en: `The embedded SDK ${sdk.name} (${sdk.vendor ?? 'vendor unknown'}, packages ${sdk.packages.join(', ')}) is not disclosed in the policy${types.length > 0 ? `; it collects ${types.join(', ')}` : ''}${externalList ? '; the policy refers to a separate SDK list, scan again with it' : ''}.`,
        },
        evidence: [
          { kind: 'code', caller: sdk.evidenceClasses[0] ?? sdk.packages[0] ?? sdk.id, owner: { kind: 'sdk', sdk: sdk.id }, note: `SDK matched by ${sdk.matchedBy}: ${sdk.evidenceClasses.slice(0, 5).join(', ')}` },
          ...calls.map((c) => codeEvidence(c)),
          missingEvidence(p, `SDK ${sdk.name} / ${sdk.nameZh} / ${sdk.packages.join(', ')}`),
        ],
      });
    }
  },
});
