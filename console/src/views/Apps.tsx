// Apps (应用档案) and an app's record: its versions with their scans, its findings over versions from the
// API's per-version diff (new, persisting, reactivated, fixed), its store listings and its company.
import { Button, Card, Descriptions, Empty, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { api, ok, type Finding, type Version, type VersionDiff } from '../api/client.ts';
import { useData, usePaged } from '../hooks.ts';
import { useLang, useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { Failure, ReviewState, ScanStatus, Severity, when } from '../ui.tsx';
import { WorkflowState } from './Notices.tsx';

export function Apps() {
  const t = useT();
  const { query } = useLocation();
  const packageName = query.get('packageName') ?? undefined;
  const companyId = query.get('companyId') === null ? undefined : Number(query.get('companyId'));
  const list = usePaged(
    async (cursor) => ok(await api.GET('/api/v1/apps', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }), ...(packageName === undefined ? {} : { packageName }), ...(companyId === undefined ? {} : { companyId }) } } })),
    [packageName, companyId],
  );
  return (
    <div>
      <Typography.Title level={3}>{t.apps}</Typography.Title>
      <Input.Search
        placeholder={t.packageName}
        defaultValue={packageName}
        allowClear
        style={{ width: 360, marginBottom: 16 }}
        onSearch={(v) => navigate(v.trim() === '' ? '/apps' : `/apps?packageName=${encodeURIComponent(v.trim())}`)}
      />
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        onRow={(a) => ({ onClick: () => navigate(`/apps/${a.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t.appName_, dataIndex: 'name', render: (n: string | null, a) => <Link to={`/apps/${a.id}`}>{n ?? a.packageName}</Link> },
          { title: t.packageName, dataIndex: 'packageName' },
          { title: t.platform, dataIndex: 'platform' },
          { title: t.filingNo, dataIndex: 'filingNo' },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </div>
  );
}

type Cell = 'new' | 'persisting' | 'reactivated' | 'fixed';
const CELL_COLOURS: Record<Cell, string> = { new: 'red', persisting: 'orange', reactivated: 'magenta', fixed: 'green' };

/** Version order as the server's diff uses: numeric versionCode when both have one, else first seen. */
function compareVersions(a: Version, b: Version): number {
  const ca = a.versionCode === null ? NaN : Number(a.versionCode);
  const cb = b.versionCode === null ? NaN : Number(b.versionCode);
  if (!Number.isNaN(ca) && !Number.isNaN(cb) && ca !== cb) return ca - cb;
  return a.id - b.id;
}

/** Every page of a list that is bounded by one app (its versions, its findings). */
async function all<T>(get: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, cap = 5000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await get(cursor);
    out.push(...p.items);
    if (p.nextCursor === null || out.length >= cap) return out;
    cursor = p.nextCursor;
  }
}

export function AppRecord({ id }: { id: number }) {
  const t = useT();
  const lang = useLang();
  const app = useData(async () => ok(await api.GET('/api/v1/apps/{id}', { params: { path: { id } } })), [id]);
  const scans = usePaged(async (cursor) => ok(await api.GET('/api/v1/scans', { params: { query: { appId: id, limit: 50, ...(cursor === undefined ? {} : { cursor }) } } })), [id]);
  const history = useData(async () => {
    const versions = (await all(async (cursor) => ok(await api.GET('/api/v1/apps/{id}/versions', { params: { path: { id }, query: { limit: 500, ...(cursor === undefined ? {} : { cursor }) } } })))).sort(compareVersions);
    const diffs = await Promise.all(
      versions.map(async (v) => {
        const r = await api.GET('/api/v1/versions/{id}/diff', { params: { path: { id: v.id } } });
        return r.response.status === 409 ? null : ok(r);
      }),
    );
    const findings = await all(async (cursor) => ok(await api.GET('/api/v1/findings', { params: { query: { appId: id, limit: 500, ...(cursor === undefined ? {} : { cursor }) } } })));
    return { versions, diffs, findings };
  }, [id]);
  const company = useData(async () => {
    const cid = app.data?.companyId;
    if (cid == null) return null;
    const [c, apps] = await Promise.all([api.GET('/api/v1/companies/{id}', { params: { path: { id: cid } } }), api.GET('/api/v1/apps', { params: { query: { companyId: cid, limit: 50 } } })]);
    return { company: ok(c), apps: ok(apps).items.filter((a) => a.id !== id) };
  }, [app.data?.companyId, id]);

  const workflow = useData(async () => ok(await api.GET('/api/v1/apps/{id}/workflow', { params: { path: { id } } })), [id]);

  const a = app.data;
  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/apps">{t.apps}</Link> / {a?.name ?? a?.packageName ?? id}
      </Typography.Title>
      <Failure error={app.error ?? history.error ?? scans.error} />
      {a !== undefined && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t.appName_}>{a.name}</Descriptions.Item>
            <Descriptions.Item label={t.packageName}>{a.packageName}</Descriptions.Item>
            <Descriptions.Item label={t.platform}>{a.platform}</Descriptions.Item>
            <Descriptions.Item label={t.filingNo}>{a.filingNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.company}>{company.data?.company.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.listings}>
              <Space wrap>
                {a.listings.length === 0
                  ? '—'
                  : a.listings.map((l) => (
                      <a key={l.id} href={l.url} rel="noreferrer noopener" target="_blank">
                        {l.store}
                      </a>
                    ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          {company.data != null && company.data.apps.length > 0 && (
            <div>
              <Typography.Text type="secondary">{t.companyApps}: </Typography.Text>
              {company.data.apps.map((o) => (
                <Link key={o.id} to={`/apps/${o.id}`}>
                  <Tag>{o.name ?? o.packageName}</Tag>
                </Link>
              ))}
            </div>
          )}
        </Card>
      )}
      {workflow.data !== undefined && workflow.data.items.length > 0 && (
        <Card title={t.workflow} style={{ marginBottom: 16 }}>
          <Table
            rowKey={(r) => `${r.orgId}:${r.batchId}`}
            size="small"
            pagination={false}
            dataSource={workflow.data.items}
            columns={[
              { title: t.batchCol, dataIndex: 'batchId', render: (b: number) => <Link to={`/batches/${b}`}>{`#${b}`}</Link> },
              { title: t.status, dataIndex: 'state', render: (s: string) => <WorkflowState state={s} /> },
              { title: t.deadline, dataIndex: 'deadline', render: (d: string | null) => d ?? '—' },
              {
                title: t.notices,
                key: 'notices',
                render: (_v, r) => (
                  <Space>
                    {[r.urgeNoticeId, r.publicNoticeId, r.takedownNoticeId].filter((x): x is number => x !== null).map((n) => (
                      <Link key={n} to={`/notices/${n}`}>{`#${n}`}</Link>
                    ))}
                  </Space>
                ),
              },
              { title: t.time, dataIndex: 'updatedAt', render: when },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t.workflowHistory}
          </Typography.Title>
          <Table
            rowKey={(_r, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={workflow.data.history}
            columns={[
              { title: t.time, dataIndex: 'at', render: when },
              { title: t.status, key: 'move', render: (_v, h) => <Space><WorkflowState state={h.from} />→<WorkflowState state={h.to} /></Space> },
              { title: t.reason, dataIndex: 'reason' },
            ]}
          />
        </Card>
      )}
      <Card title={t.findingsOverVersions} style={{ marginBottom: 16 }}>
        {history.data === undefined ? null : <VersionMatrix {...history.data} lang={lang} />}
      </Card>
      <Card title={t.scans}>
        <Table
          rowKey="id"
          size="small"
          loading={scans.loading}
          dataSource={scans.items}
          pagination={false}
          columns={[
            { title: 'ID', dataIndex: 'id' },
            { title: t.status, dataIndex: 'status', render: (s: string) => <ScanStatus status={s} /> },
            { title: t.versions, dataIndex: 'versionId', render: (v: number | null) => (v === null ? '' : `#${v}`) },
            { title: t.findingCount, dataIndex: 'findingCount', render: (n: number | null, s) => (n === null ? '' : <Link to={`/findings?scanId=${s.id}`}>{n}</Link>) },
            { title: t.createdAt, dataIndex: 'createdAt', render: when },
            { title: t.reason, dataIndex: 'error' },
          ]}
        />
        {scans.hasMore && <Button onClick={scans.more}>{t.more}</Button>}
      </Card>
    </div>
  );
}

function VersionMatrix({ versions, diffs, findings, lang }: { versions: Version[]; diffs: (VersionDiff | null)[]; findings: Finding[]; lang: 'zh' | 'en' }) {
  const t = useT();
  if (versions.length === 0) return <Empty description={t.noData} />;
  // The newest finding of each fingerprint (findings come newest first) names the row and opens the review.
  const latest = new Map<string, Finding>();
  for (const f of findings) if (!latest.has(f.fingerprint)) latest.set(f.fingerprint, f);
  const cells = new Map<string, Map<number, Cell>>();
  const order: string[] = [];
  diffs.forEach((d, i) => {
    if (d === null) return;
    for (const kind of ['new', 'persisting', 'reactivated', 'fixed'] as const) {
      for (const fp of d[kind]) {
        if (!cells.has(fp)) {
          cells.set(fp, new Map());
          order.push(fp);
        }
        cells.get(fp)!.set(versions[i]!.id, kind);
      }
    }
  });
  const word: Record<Cell, string> = { new: t.diffNew, persisting: t.diffPersisting, reactivated: t.diffReactivated, fixed: t.diffFixed };
  const rows = order.map((fp) => ({ fp, finding: latest.get(fp), cells: cells.get(fp)! }));
  return (
    <Table
      rowKey="fp"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={[
        {
          title: t.title,
          fixed: 'left',
          render: (_: unknown, r) =>
            r.finding === undefined ? (
              <code>{r.fp.slice(0, 12)}</code>
            ) : (
              <Space>
                <Severity severity={r.finding.severity} />
                <Link to={`/findings/${r.finding.id}`}>{lang === 'zh' ? r.finding.title.zh : r.finding.title.en}</Link>
                <Typography.Text type="secondary">{r.finding.owner}</Typography.Text>
                <ReviewState state={r.finding.review.state} />
              </Space>
            ),
        },
        ...versions.map((v, i) => ({
          title: (
            <Tooltip title={diffs[i] === null ? t.noFinishedScan : v.sha256}>
              {v.versionName ?? '?'} ({v.versionCode ?? '?'})
            </Tooltip>
          ),
          key: String(v.id),
          render: (_: unknown, r: (typeof rows)[number]) => {
            const c = r.cells.get(v.id);
            return c === undefined ? t.diffAbsent : <Tag color={CELL_COLOURS[c]}>{word[c]}</Tag>;
          },
        })),
      ]}
    />
  );
}
