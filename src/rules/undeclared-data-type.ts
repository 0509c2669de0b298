// 认定方法 二.1, 164号文 1.1 场景3/6: a data type that the app or an SDK collects but the policy does not list.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeInfo } from './lib/data-types.ts';
import { codeEvidence, missingEvidence, permissionEvidence } from './lib/evidence.ts';
import { completePolicy, isDeclared, usablePolicy } from './lib/policy.ts';

// Device model and OS version are read by nearly every library and are not what the clause targets.
const IGNORED = new Set(['device.info']);

export default defineRule({
  meta: {
    id: 'undeclared-data-type',
    title: { zh: '收集的个人信息未在隐私政策中列明', en: 'Personal information collected but not declared in the policy' },
    clauses: ['RD-2.1', 'M164-1.1-S3'],
    methods: ['static', 'policy'],
    severity: 'high',
    docs: {
      description: { zh: '代码或权限显示收集某类个人信息，但隐私政策未逐一列明。', en: 'Code or permissions show a type of personal information collected that the policy does not list.' },
      rationale: 'Reachable API calls make it `likely` (the code exists and runs); a permission alone is `possible` and medium. Calls proven dead are ignored.',
    },
  },
  check(ctx) {
    const p = ctx.policy;
    if (!usablePolicy(p)) return;
    for (const c of collectedDataTypes(ctx.facts).values()) {
      if (IGNORED.has(c.dataType) || isDeclared(p, c.dataType)) continue;
      const info = dataTypeInfo(c.dataType);
      const sdkOwners = [...c.owners].filter((o) => o !== 'app' && o !== 'unknown');
      const strong = c.reachable;
      const viaCode = c.calls.length > 0;
      const evidence = [
        ...c.calls.slice(0, 3).map((call) => codeEvidence(call)),
        ...c.permissions.slice(0, 2).map((perm) => permissionEvidence(perm)),
        missingEvidence(p, `${info.zh} (${c.dataType})`),
      ];
      const bySdk = sdkOwners.length > 0 && !c.owners.has('app');
      ctx.report({
        severity: strong ? 'high' : viaCode ? 'medium' : 'low',
        confidence: strong && completePolicy(p) ? 'likely' : 'possible',
        clauses: bySdk ? ['RD-2.1', 'M164-1.1-S6', 'SDK-1'] : ['RD-2.1', 'M164-1.1-S3'],
        dataTypes: [c.dataType],
        ...(bySdk && sdkOwners.length === 1 ? { sdk: sdkOwners[0]! } : {}),
        message: {
          zh: `${bySdk ? `SDK（${sdkOwners.join('、')}）` : '应用'}${viaCode ? '调用接口收集' : '申请权限可收集'}「${info.zh}」，隐私政策未列明。`,
          en: `${bySdk ? `SDK (${sdkOwners.join(', ')})` : 'The app'} ${viaCode ? 'calls APIs that collect' : 'requests a permission that gives access to'} ${info.en}, which the policy does not list.`,
        },
        evidence,
      });
    }
  },
});
