// Findings (问题清单), filtered server-side by the dashboard's figures (severity, rule, owner), an app or a scan.
import { Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { api, ok, type Finding } from '../api/client.ts';
import { usePaged } from '../hooks.ts';
import { label, useLang, useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { Failure, ReviewState, Severity, SEVERITIES } from '../ui.tsx';
import { useRules } from '../rules.tsx';

const FILTERS = ['severity', 'ruleId', 'owner', 'appId', 'scanId'] as const;

export function Findings() {
  const t = useT();
  const rules = useRules();
  const lang = useLang();
  const { query } = useLocation();
  const f = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const key = FILTERS.map((k) => f[k] ?? '').join('|');
  const list = usePaged(async (cursor) => {
    const page = { limit: 50, ...(cursor === undefined ? {} : { cursor }) };
    if (f.scanId !== undefined) return ok(await api.GET('/api/v1/scans/{id}/findings', { params: { path: { id: Number(f.scanId) }, query: page } }));
    const severity = SEVERITIES.find((s) => s === f.severity);
    return ok(
      await api.GET('/api/v1/findings', {
        params: { query: { ...page, ...(severity === undefined ? {} : { severity }), ...(f.ruleId === undefined ? {} : { ruleId: f.ruleId }), ...(f.owner === undefined ? {} : { owner: f.owner }), ...(f.appId === undefined ? {} : { appId: Number(f.appId) }) } },
      }),
    );
  }, [key]);
  const setFilter = (k: string, v: string | undefined) => {
    const q = new URLSearchParams(query);
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
    const s = q.toString();
    navigate(`/findings${s === '' ? '' : `?${s}`}`);
  };
  return (
    <div>
      <Typography.Title level={3}>{t.findings}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t.severity}
          style={{ width: 140 }}
          value={f.severity}
          onChange={(v: string | undefined) => setFilter('severity', v)}
          options={SEVERITIES.map((s) => ({ value: s, label: label(t, s) }))}
        />
        {FILTERS.filter((k) => k !== 'severity' && f[k] !== undefined).map((k) => (
          <Tag key={k} closable onClose={() => setFilter(k, undefined)}>
            {k}: {f[k]}
          </Tag>
        ))}
        {FILTERS.some((k) => f[k] !== undefined) && <Button onClick={() => navigate('/findings')}>{t.clearFilters}</Button>}
      </Space>
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        onRow={(x) => ({ onClick: () => navigate(`/findings/${x.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t.severity, dataIndex: 'severity', render: (s: string) => <Severity severity={s} />, width: 90 },
          { title: t.title, render: (_: unknown, x: Finding) => <Link to={`/findings/${x.id}`}>{lang === 'zh' ? x.title.zh : x.title.en}</Link> },
          { title: t.problems, dataIndex: 'ruleId', render: (id: string) => <Tooltip title={id}>{(rules?.get(id)?.categories ?? [id]).join('、')}</Tooltip> },
          { title: t.owner, dataIndex: 'owner' },
          { title: t.app, dataIndex: 'appId', render: (a: number | null) => (a === null ? '' : <Link to={`/apps/${a}`}>{`#${a}`}</Link>) },
          { title: t.review, render: (_: unknown, x: Finding) => <ReviewState state={x.review.state} /> },
        ]}
      />
      {list.hasMore && (
        <Button onClick={list.more} style={{ marginTop: 12 }}>
          {t.more}
        </Button>
      )}
    </div>
  );
}
