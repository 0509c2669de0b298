// Rule documentation derived from metadata (ESLint's docs check, typescript-eslint's docs test): one page per
// rule and a catalogue. docs.test.ts fails when docs/rules drifts; `node src/rules/write-docs.ts` rewrites it.
import { clauseById } from './clauses.ts';
import type { Rule } from './define-rule.ts';
import { ALL_RULES } from './index.ts';

export const HEADINGS = ['Clauses', 'Detection', 'Verdict strength', 'Evidence'] as const;

export function ruleDoc(rule: Rule): string {
  const m = rule.meta;
  const clauses = [...m.clauses, ...(m.mayCite ?? [])].map((id) => {
    const c = clauseById(id);
    return `- **${id}** ${c?.title_zh ?? ''} (${c?.source ?? 'unknown source'})${c === undefined ? '' : `: ${c.summary_en}`}`;
  });
  return [
    `# ${m.id}: ${m.title.zh} / ${m.title.en}`,
    '',
    m.docs.description.zh,
    '',
    m.docs.description.en,
    '',
    `- Default severity: \`${m.severity}\``,
    `- Methods: ${m.methods.map((x) => `\`${x}\``).join(', ')}`,
    `- Sector pack: ${m.sector === undefined ? 'none (always on)' : `\`${m.sector}\` (\`--sector ${m.sector}\`)`}`,
    `- Applies to: ${m.appliesTo === undefined ? 'every package kind' : m.appliesTo.join(', ')}`,
    `- Depends on the app type: ${m.usesAppType === true ? 'yes (never `confirmed` when the type is inferred)' : 'no'}`,
    '',
    '## Clauses',
    '',
    ...clauses,
    '',
    '## Detection',
    '',
    `See \`src/rules/${m.id}.ts\`; its valid and invalid cases are in \`src/rules/cases/${m.id}.ts\`.`,
    '',
    '## Verdict strength',
    '',
    m.docs.rationale,
    '',
    '## Evidence',
    '',
    'Every finding carries the manifest line, the caller and call path, or the policy sentence; when something is missing from the policy, the sections that were searched.',
    '',
  ].join('\n');
}

export function catalogDoc(rules: readonly Rule[] = ALL_RULES): string {
  const rows = rules.map((r) => `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.title.zh} | ${r.meta.severity} | ${r.meta.sector ?? ''} | ${[...r.meta.clauses, ...(r.meta.mayCite ?? [])].join(', ')} |`);
  const covered = [...new Set(rules.flatMap((r) => [...r.meta.clauses, ...(r.meta.mayCite ?? [])]))].sort();
  return [
    '# piscope rules',
    '',
    'Generated from the rules\' metadata (`src/rules/docs.ts`); do not edit by hand.',
    '',
    '| Rule | 标题 | Severity | Sector | Clauses |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Clauses covered (${covered.length}): ${covered.join(', ')}.`,
    '',
    '## Verdicts',
    '',
    '- `confirmed`: the evidence itself shows the violation (a call path from `Application.onCreate` to `getDeviceId`; a complete policy with no account-cancellation text anywhere).',
    '- `likely` and `possible`: inferred. Anything only a runtime test can settle is never `high`, and says what to check (`runtimeCheck`).',
    '- Findings that depend on the app type are never `confirmed` when the type was inferred rather than given with `--category`.',
    '- Dead code (`reachable: false`), declared types, disclosed SDKs, calls after consent and non-Chinese or garbled policies never carry a high or medium finding.',
    '',
    '## Sector packs',
    '',
    'Rules with a sector run only with `--sector <sector>`: finance, education, health, transport, advertising.',
    '',
    '## Suppressions',
    '',
    'A `.piscope-suppressions.json` in the app\'s repository accepts reviewed findings (schema: `src/engine/suppressions.schema.json`). Suppressed findings stay in the report, marked `suppressed` with the justification.',
    '',
    '```json',
    '{ "version": 1, "suppressions": [',
    '  { "rule": "undeclared-data-type", "dataType": "device.imei", "caller": "Lcom/example/legacy/*",',
    '    "justification": "Read only on Android < 10 for the legacy login; declared from policy v2 on." } ] }',
    '```',
    '',
  ].join('\n');
}
