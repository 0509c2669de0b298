// Companies (开发运营者) and a company's record: its apps, the notices and escalations of each (from the
// workflow rows), its credit records, and the signals: 屡教不改 (a notified finding fixed, then back) and
// 举一反三 (a notified problem in the company's other apps), as GET /companies/{id}/repeat-offences gives them.
import { Button, Card, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import { api, ok, type WorkflowApp } from '../api/client.ts';
import { useData, usePaged } from '../hooks.ts';
import { label, useT } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import { RuleTitle } from '../rules.tsx';
import { Failure, when } from '../ui.tsx';
import { WorkflowState } from './Notices.tsx';
import { Countdown } from './Tracker.tsx';

export function Companies() {
  const t = useT();
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/companies', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }) } } })), []);
  return (
    <div>
      <Typography.Title level={3}>{t.companies}</Typography.Title>
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        onRow={(c) => ({ onClick: () => navigate(`/companies/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t.name, dataIndex: 'name', render: (n: string, c) => <Link to={`/companies/${c.id}`}>{n}</Link> },
          { title: t.creditCode, dataIndex: 'creditCode', render: (s: string | null) => s ?? '—' },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </div>
  );
}

export function CompanyRecord({ id }: { id: number }) {
  const t = useT();
  const company = useData(async () => ok(await api.GET('/api/v1/companies/{id}', { params: { path: { id } } })), [id]);
  const apps = usePaged(async (cursor) => ok(await api.GET('/api/v1/apps', { params: { query: { companyId: id, limit: 50, ...(cursor === undefined ? {} : { cursor }) } } })), [id]);
  const rows = usePaged(async (cursor) => ok(await api.GET('/api/v1/workflow/apps', { params: { query: { companyId: id, limit: 50, ...(cursor === undefined ? {} : { cursor }) } } })), [id]);
  const credit = useData(async () => ok(await api.GET('/api/v1/companies/{id}/credit-records', { params: { path: { id } } })), [id]);
  const signals = useData(async () => ok(await api.GET('/api/v1/companies/{id}/repeat-offences', { params: { path: { id } } })), [id]);
  const appName = new Map(apps.items.map((a) => [a.id, a.name ?? a.packageName]));
  const c = company.data;
  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/companies">{t.companies}</Link> / {c?.name ?? id}
      </Typography.Title>
      <Failure error={company.error ?? apps.error ?? rows.error ?? credit.error ?? signals.error} />
      {c !== undefined && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t.name}>{c.name}</Descriptions.Item>
            <Descriptions.Item label={t.creditCode}>{c.creditCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.apps}>{apps.items.length}{apps.hasMore ? '+' : ''}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t.signals} style={{ marginBottom: 16 }} data-testid="signals">
        <Typography.Title level={5}>
          <Tag color="red">{t.recidivism}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t.recidivismHint}
          </Typography.Text>
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.noticeId}:${r.fingerprint}`}
          dataSource={signals.data?.recidivism ?? []}
          locale={{ emptyText: t.noSignals }}
          data-testid="recidivism"
          columns={[
            { title: t.app, dataIndex: 'appId', render: (a: number, r) => <Link to={`/apps/${a}`}>{appName.get(a) ?? r.packageName}</Link> },
            { title: t.title, dataIndex: 'ruleId', render: (id: string) => <RuleTitle id={id} /> },
            { title: t.notice, dataIndex: 'noticeId', render: (n: number) => <Link to={`/notices/${n}`}>{`#${n}`}</Link> },
            { title: t.noticedVersion, dataIndex: 'noticeVersionId', render: (v: number) => `#${v}` },
            { title: t.fixedIn, dataIndex: 'fixedInVersionId', render: (v: number) => `#${v}` },
            { title: t.reappearedIn, dataIndex: 'reappearedInVersionId', render: (v: number) => `#${v}` },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          <Tag color="orange">{t.spread}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t.spreadHint}
          </Typography.Text>
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.noticeId}:${r.findingId}`}
          dataSource={signals.data?.spread ?? []}
          locale={{ emptyText: t.noSignals }}
          data-testid="spread"
          columns={[
            { title: t.noticedApp, dataIndex: 'noticedAppId', render: (a: number) => <Link to={`/apps/${a}`}>{appName.get(a) ?? `#${a}`}</Link> },
            { title: t.notice, dataIndex: 'noticeId', render: (n: number) => <Link to={`/notices/${n}`}>{`#${n}`}</Link> },
            { title: t.title, dataIndex: 'ruleId', render: (id: string) => <RuleTitle id={id} /> },
            { title: t.otherApp, dataIndex: 'appId', render: (a: number, r) => <Link to={`/apps/${a}`}>{appName.get(a) ?? r.packageName}</Link> },
            { title: t.findings, dataIndex: 'findingId', render: (f: number) => <Link to={`/findings/${f}`}>{`#${f}`}</Link> },
          ]}
        />
      </Card>
      <Card title={t.escalations} style={{ marginBottom: 16 }}>
        <Table<WorkflowApp>
          size="small"
          rowKey="id"
          loading={rows.loading}
          pagination={false}
          dataSource={rows.items}
          columns={[
            { title: t.app, dataIndex: 'appId', render: (a: number, w) => <Link to={`/apps/${a}`}>{w.name ?? w.packageName}</Link> },
            { title: t.batchCol, dataIndex: 'batchId', render: (b: number) => `#${b}` },
            { title: t.status, dataIndex: 'state', render: (s: string) => <WorkflowState state={s} /> },
            {
              title: t.notice,
              key: 'notices',
              render: (_v, w) =>
                (
                  [
                    ['urge', w.urgeNoticeId],
                    ['public', w.publicNoticeId],
                    ['takedown', w.takedownNoticeId],
                  ] as const
                )
                  .filter(([, n]) => n !== null)
                  .map(([k, n]) => (
                    <Link key={k} to={`/notices/${n}`}>
                      <Tag>{`${label(t, `nk_${k}`)} #${n}`}</Tag>
                    </Link>
                  )),
            },
            { title: t.deadline, dataIndex: 'deadline', render: (d: string | null) => d ?? '—' },
            { title: t.countdown, key: 'left', render: (_v, w) => (w.state === 'notified' ? <Countdown left={w.workingDaysLeft} deadline={w.deadline} /> : '—') },
          ]}
        />
        {rows.hasMore && <Button onClick={rows.more}>{t.more}</Button>}
      </Card>
      <Card title={t.creditRecords} style={{ marginBottom: 16 }}>
        {credit.data !== undefined && credit.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noData} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={credit.data?.items ?? []}
            columns={[
              { title: t.noticeKind, dataIndex: 'kind', render: (k: string) => <Tag color="red">{label(t, `ck_${k}`)}</Tag> },
              { title: t.decisionDate, dataIndex: 'decisionDate' },
              { title: t.authority, dataIndex: 'authority' },
              { title: t.reason, dataIndex: 'reason' },
            ]}
          />
        )}
      </Card>
      <Card title={t.apps}>
        <Table
          size="small"
          rowKey="id"
          loading={apps.loading}
          pagination={false}
          dataSource={apps.items}
          columns={[
            { title: t.appName_, dataIndex: 'name', render: (n: string | null, a) => <Link to={`/apps/${a.id}`}>{n ?? a.packageName}</Link> },
            { title: t.packageName, dataIndex: 'packageName' },
            { title: t.filingNo, dataIndex: 'filingNo', render: (s: string | null) => s ?? '—' },
          ]}
        />
        {apps.hasMore && <Button onClick={apps.more}>{t.more}</Button>}
      </Card>
    </div>
  );
}
