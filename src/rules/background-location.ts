// 2026 专项 终端 (D26-2): no background-location permission unless necessary.
import { defineRule } from './define-rule.ts';
import { necessaryDataTypes } from './app-types.ts';
import { permissionEvidence } from './lib/evidence.ts';

const BACKGROUND = 'android.permission.ACCESS_BACKGROUND_LOCATION';

export default defineRule({
  meta: {
    id: 'background-location',
    title: { zh: '申请后台位置权限', en: 'Requests background location' },
    clauses: ['D26-2', 'GB41391-6.5'],
    methods: ['manifest'],
    severity: 'medium',
    usesAppType: true,
    appliesTo: ['apk'],
    docs: {
      description: { zh: '应用申请 ACCESS_BACKGROUND_LOCATION；非必要不得索要后台位置权限。', en: 'The app requests ACCESS_BACKGROUND_LOCATION, which must not be requested unless necessary.' },
      rationale: 'Navigation, ride-hailing and shared-vehicle apps can need it, so low for them and when the type is unknown; medium only for a given type that needs no location.',
    },
  },
  check(ctx) {
    const perm = ctx.facts.permissions.find((p) => p.name === BACKGROUND);
    if (perm === undefined) return;
    const t = ctx.appType.type;
    const needsLocation = t === null || necessaryDataTypes(t).includes('location.precise');
    ctx.report({
      severity: !needsLocation && ctx.appType.source === 'given' ? 'medium' : 'low',
      confidence: 'possible',
      dataTypes: ['location.precise'],
      message: { zh: `应用申请后台位置权限${t !== null && !needsLocation ? `，而「${t.name_zh}」的必要信息不含位置` : ''}。`, en: `The app requests background location${t !== null && !needsLocation ? `, though a ${t.name_en} app needs no location` : ''}.` },
      evidence: [permissionEvidence(perm)],
      runtimeCheck: { zh: '确认后台位置的使用场景，以及拒绝后前台功能是否正常。', en: 'Check when background location is used and that foreground features work without it.' },
    });
  },
});
