// The SDK view (SDK 分析): which SDKs cause which findings across how many apps and companies, from
// GET /repeat-offenders/sdks (counted in the database, paged by the API). Each row and bar opens the
// findings behind it (GET /findings?owner=sdk:<id>&ruleId=).
import { useMemo, useState } from 'react';
import { Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { api, ok } from '../api/client.ts';
import { Chart } from '../chart.tsx';
import { usePaged } from '../hooks.ts';
import { useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { RuleTitle } from '../rules.tsx';
import { Failure } from '../ui.tsx';
import { bars } from './Dashboard.tsx';

export function Sdks() {
  const t = useT();
  const { query } = useLocation();
  const min = Math.max(1, Number(query.get('minCompanies') ?? '1') || 1);
  const [draft, setDraft] = useState<number | null>(min);
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/repeat-offenders/sdks', { params: { query: { minCompanies: min, limit: 100, ...(cursor === undefined ? {} : { cursor }) } } })), [min]);
  // Apps per SDK over the rows loaded (the largest first, as the API orders them).
  const chart = useMemo(() => {
    const by = new Map<string, number>();
    for (const r of list.items) by.set(r.sdk, Math.max(by.get(r.sdk) ?? 0, r.apps));
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 15);
    return bars(
      top.map(([s]) => s),
      top.map(([s]) => s),
      top.map(([, n]) => n),
      true,
    );
  }, [list.items]);
  const findingsOf = (sdk: string, ruleId?: string) => `/findings?owner=${encodeURIComponent(`sdk:${sdk}`)}${ruleId === undefined ? '' : `&ruleId=${encodeURIComponent(ruleId)}`}`;
  return (
    <div>
      <Typography.Title level={3}>{t.sdks}</Typography.Title>
      <Typography.Paragraph type="secondary">{t.sdkHint}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <label>
          {t.minCompanies}{' '}
          <InputNumber aria-label={t.minCompanies} min={1} value={draft} onChange={setDraft} onPressEnter={() => draft !== null && navigate(`/sdks?minCompanies=${draft}`)} />
        </label>
        <Button onClick={() => draft !== null && navigate(`/sdks?minCompanies=${draft}`)}>{t.search}</Button>
      </Space>
      <Failure error={list.error} />
      {list.items.length > 0 && (
        <Card title={t.sdkByApps} style={{ marginBottom: 16 }}>
          <Chart label={t.sdkByApps} option={chart} height={Math.max(160, 40 * new Set(list.items.map((r) => r.sdk)).size)} onPick={(sdk) => navigate(findingsOf(sdk))} />
        </Card>
      )}
      <Table
        rowKey={(r) => `${r.sdk}:${r.ruleId}:${r.dataTypes.join('+')}`}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="sdk-table"
        columns={[
          { title: t.sdk, dataIndex: 'sdk', render: (s: string) => <Link to={findingsOf(s)}>{s}</Link> },
          { title: t.title, dataIndex: 'ruleId', render: (id: string, r) => <Link to={findingsOf(r.sdk, id)}><RuleTitle id={id} /></Link> },
          { title: t.dataTypes, dataIndex: 'dataTypes', render: (d: string[]) => d.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t.companiesCount, dataIndex: 'companies' },
          { title: t.appsCount, dataIndex: 'apps' },
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
