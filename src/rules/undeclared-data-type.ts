// 认定方法 二.1, 164号文 1.1 场景3/6: a data type that the app or an SDK collects but the policy does not list.
import { defineRule } from './define-rule.ts';
import { collectedDataTypes } from './lib/collection.ts';
import { dataTypeInfo, dataTypeNames, LESSER_DATA_TYPES } from './lib/data-types.ts';
import { codeEvidence, missingEvidence, permissionEvidence } from './lib/evidence.ts';
import { ownerKey, ownerWords, partyOf } from './lib/owner.ts';
import { completePolicy, isDeclared, negatedSpan, usablePolicy } from './lib/policy.ts';

// Device model and OS version are read by nearly every library and are not what the clause targets.
const IGNORED = new Set(['device.info']);
const LESSER = LESSER_DATA_TYPES;

export default defineRule({
  meta: {
    id: 'undeclared-data-type',
    title: { zh: '收集的个人信息未在隐私政策中列明', en: 'Personal information collected but not declared in the policy' },
    clauses: ['RD-2.1', 'M164-1.1-S3'],
    mayCite: ['M164-1.1-S6', 'SDK-1'],
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
    const collected = collectedDataTypes(ctx.facts);
    // A permission reaches several types (READ_PHONE_STATE: IMEI, IMSI, ICCID…); it is explained when the
    // policy declares any type it reaches, so permission-only types are judged per permission, once.
    const explained = (perm: string): boolean => ctx.facts.permissions.some((x) => x.name === perm && x.dataTypes.some((d) => isDeclared(p, d)));
    const permOnlyReported = new Set<string>();
    for (const c of collected.values()) {
      if (IGNORED.has(c.dataType) || isDeclared(p, c.dataType)) continue;
      // The policy says it is not collected: contradicts-policy reports that, more precisely.
      if (c.reachable && negatedSpan(p, c.dataType) !== undefined) continue;
      if (c.calls.length === 0) {
        const perms = c.permissions.filter((x) => !explained(x.name) && !permOnlyReported.has(x.name));
        if (perms.length === 0) continue;
        perms.forEach((x) => permOnlyReported.add(x.name));
        const types = [...new Set(perms.flatMap((x) => x.dataTypes))].filter((d) => !IGNORED.has(d) && !isDeclared(p, d) && (collected.get(d)?.calls.length ?? 0) === 0);
        const names = dataTypeNames(types);
        ctx.report({
          severity: 'low',
          confidence: 'possible',
          dataTypes: types,
          message: {
            zh: `应用申请权限（${perms.map((x) => x.name.replace('android.permission.', '')).join('、')}）可收集「${names.zh}」，隐私政策未列明。`,
            en: `The app requests ${perms.map((x) => x.name.replace('android.permission.', '')).join(', ')}, which gives access to ${names.en}; the policy lists none of it.`,
          },
          evidence: [...perms.map((x) => permissionEvidence(x)), missingEvidence(p, names.zh)],
        });
        continue;
      }
      const info = dataTypeInfo(c.dataType);
      const sdkOwners = [...new Set(c.calls.filter((x) => partyOf(x.callerOwner) === 'sdk').map((x) => ownerKey(x.callerOwner)))];
      // Reachable calls in code we can attribute, beyond single-package probes: strong evidence.
      const strong = c.strong;
      const evidence = [
        ...c.calls.slice(0, 3).map((call) => codeEvidence(call)),
        missingEvidence(p, `${info.zh} (${c.dataType})`),
      ];
      const bySdk = sdkOwners.length > 0 && !c.owners.has('app');
      // Neither the app's code nor an SDK's: name the code that does it, never "the app".
      const other = !bySdk && !c.owners.has('app') ? ownerWords(c.calls[0]!.callerOwner) : null;
      ctx.report({
        severity: strong && !LESSER.has(c.dataType) ? 'high' : 'medium',
        confidence: strong && completePolicy(p) ? 'likely' : 'possible',
        clauses: bySdk ? ['RD-2.1', 'M164-1.1-S6', 'SDK-1'] : ['RD-2.1', 'M164-1.1-S3'],
        dataTypes: [c.dataType],
        ...(bySdk && sdkOwners.length === 1 ? { sdk: sdkOwners[0]! } : {}),
        message: {
          zh: `${bySdk ? `SDK（${sdkOwners.join('、')}）` : other !== null ? other.zh : '应用'}调用接口收集「${info.zh}」，隐私政策未列明。`,
          en: `${bySdk ? `SDK (${sdkOwners.join(', ')})` : other !== null ? other.en : 'The app'} calls APIs that collect ${info.en}, which the policy does not list.`,
        },
        evidence,
      });
    }
  },
});
