// The engine's rules (GET /rules), loaded once: a finding is named by its title and its 所涉问题, never by its
// rule id alone (the id stays in a tooltip for whoever checks it against the report).
import { Tooltip } from 'antd';
import { api, ok, type Rule } from './api/client.ts';
import { useData } from './hooks.ts';
import { useLang } from './i18n.tsx';

let loaded: Promise<Map<string, Rule>> | null = null;

function rules(): Promise<Map<string, Rule>> {
  loaded ??= api.GET('/api/v1/rules').then(
    (r) => new Map(ok(r).items.map((x) => [x.id, x])),
    (e: unknown) => {
      loaded = null; // a failed load is tried again next time
      throw e;
    },
  );
  return loaded;
}

export function useRules(): Map<string, Rule> | undefined {
  return useData(rules, []).data;
}

/** The rule's title in the page's language, its id on hover. */
export function RuleTitle({ id }: { id: string }) {
  const lang = useLang();
  const r = useRules()?.get(id);
  return (
    <Tooltip title={id}>
      <span data-testid="rule-title">{r === undefined ? id : lang === 'zh' ? r.title.zh : r.title.en}</span>
    </Tooltip>
  );
}
