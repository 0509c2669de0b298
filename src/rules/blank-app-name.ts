// 26号文 (M23-3): no blank names or hidden launchers that obstruct uninstalling.
import { defineRule } from './define-rule.ts';

const INVISIBLE = /^[\s\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\u00a0\u115f\u1160\u3164\uffa0]*$/;

export default defineRule({
  meta: {
    id: 'blank-app-name',
    title: { zh: '应用名称为空白', en: 'Blank app name' },
    clauses: ['M23-3'],
    methods: ['manifest'],
    severity: 'medium',
    appliesTo: ['apk'],
    docs: {
      description: { zh: '应用有桌面入口，但名称只由空白或不可见字符组成，用户难以识别和卸载。', en: 'The app has a launcher entry but its name is only blank or invisible characters, so users cannot find it to uninstall.' },
      rationale: 'The resolved label is the evidence: `confirmed` for a launcher app.',
    },
  },
  check(ctx) {
    const m = ctx.manifest;
    if (m === null || m.launchableActivity === null) return;
    const labels = [m.label, m.labelZh].filter((l) => l !== null);
    if (labels.length === 0 || !labels.every((l) => INVISIBLE.test(l))) return;
    ctx.report({
      severity: 'medium',
      confidence: 'confirmed',
      message: { zh: '应用名称为空白或不可见字符，用户难以在桌面识别和卸载。', en: 'The app name is blank or invisible characters; users cannot identify or uninstall it.' },
      evidence: [{ kind: 'manifest', element: 'application', attribute: 'android:label', value: JSON.stringify(labels[0]), line: m.root.children.find((c) => c.tag === 'application')?.line ?? null }],
    });
  },
});
