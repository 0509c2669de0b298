// 2026 专项 终端 (D26-3): use the storage access framework rather than broad storage permissions.
import { defineRule } from './define-rule.ts';
import { permissionEvidence } from './lib/evidence.ts';

const ALL_FILES = 'android.permission.MANAGE_EXTERNAL_STORAGE';

export default defineRule({
  meta: {
    id: 'broad-storage-permission',
    title: { zh: '申请“所有文件访问”权限', en: 'Requests all-files access' },
    clauses: ['D26-3'],
    methods: ['manifest'],
    severity: 'low',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '应用申请 MANAGE_EXTERNAL_STORAGE；可通过系统存储访问框架选择文件的，不得索要存储类权限。', en: 'The app requests MANAGE_EXTERNAL_STORAGE; where the storage access framework suffices, storage permissions must not be requested.' },
      rationale: 'File managers and backup tools need it; low and `possible`.',
    },
  },
  check(ctx) {
    const perm = ctx.facts.permissions.find((p) => p.name === ALL_FILES);
    if (perm === undefined) return;
    ctx.report({
      severity: 'low',
      confidence: 'possible',
      dataTypes: ['storage'],
      message: { zh: '应用申请“所有文件访问”权限（MANAGE_EXTERNAL_STORAGE），请核实是否可改用系统文件选择器。', en: 'The app requests all-files access (MANAGE_EXTERNAL_STORAGE); check whether the system file picker would do.' },
      evidence: [permissionEvidence(perm)],
    });
  },
});
