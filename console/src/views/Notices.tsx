// Notices (通报): the list, and one notice with its annex table (the document's rows, as the regulator's
// published notices have them), its deadline, its apps' workflow states and its document in each format.
import { useState } from 'react';
import { Button, Card, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, ok, token, type Schemas } from '../api/client.ts';
import { useData, usePaged } from '../hooks.ts';
import { label, useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { Failure, when } from '../ui.tsx';
import { RuleTitle } from '../rules.tsx';
import { DraftEditor } from './NoticeEditor.tsx';

type Notice = Schemas['Notice'];
type NoticeDocument = Schemas['NoticeDocument'];

const KINDS = ['urge', 'public', 'takedown', 'recheck'] as const;
const STATE_COLORS: Record<string, string> = { tested: 'default', urged: 'gold', notified: 'orange', rectified: 'green', overdue: 'red', taken_down: 'volcano', relisted: 'cyan' };

export function NoticeKind({ kind }: { kind: string }) {
  const t = useT();
  return <Tag color={kind === 'takedown' ? 'red' : kind === 'public' ? 'orange' : 'blue'}>{label(t, `nk_${kind}`)}</Tag>;
}

export function WorkflowState({ state }: { state: string }) {
  const t = useT();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="workflow-state">
      {label(t, `wf_${state}`)}
    </Tag>
  );
}

export function Notices() {
  const t = useT();
  const { query } = useLocation();
  const kind = KINDS.find((k) => k === query.get('kind'));
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/notices', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }), ...(kind === undefined ? {} : { kind }) } } })), [kind]);
  return (
    <div>
      <Typography.Title level={3}>{t.notices}</Typography.Title>
      <Button type="primary" onClick={() => navigate('/notices/new')} style={{ marginRight: 12 }} data-testid="new-notice">
        {t.newNotice}
      </Button>
      <Select
        allowClear
        placeholder={t.noticeKind}
        style={{ width: 180, marginBottom: 16 }}
        value={kind}
        onChange={(v: string | undefined) => navigate(v === undefined ? '/notices' : `/notices?kind=${v}`)}
        options={KINDS.map((k) => ({ value: k, label: label(t, `nk_${k}`) }))}
      />
      <Failure error={list.error} />
      <Table<Notice>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t.noNotices }}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t.noticeTitle, dataIndex: 'title', render: (s: string, n) => <Link to={`/notices/${n.id}`}>{s}</Link> },
          { title: t.noticeKind, dataIndex: 'kind', render: (k: string) => <NoticeKind kind={k} /> },
          { title: t.noticeStatus, dataIndex: 'status', render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'}>{label(t, `ns_${s}`)}</Tag> },
          { title: t.batchCol, dataIndex: 'batchId', render: (b: number) => <Link to={`/batches/${b}`}>{`#${b}`}</Link> },
          { title: t.apps, dataIndex: 'apps', render: (a: Notice['apps']) => a.length },
          { title: t.issueDate, dataIndex: 'issueDate' },
          { title: t.deadline, dataIndex: 'deadline' },
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

/** The document in a format, through the token (a plain link cannot send it), saved under the server's name. */
async function download(id: number, format: 'html' | 'pdf' | 'docx'): Promise<void> {
  const r = await fetch(`/api/v1/notices/${id}/document?format=${format}`, { headers: { authorization: `Bearer ${token.get() ?? ''}` } });
  if (!r.ok) throw new ApiError(r.status, ((await r.json().catch(() => ({}))) as { detail?: string }).detail ?? r.statusText);
  const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? `notice-${id}.${format}`;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function NoticeDetail({ id }: { id: number }) {
  const t = useT();
  const notice = useData(async () => ok(await api.GET('/api/v1/notices/{id}', { params: { path: { id } } })), [id]);
  // The annex comes from the document itself (a published notice: its frozen JSON), not rebuilt here.
  const doc = useData(async () => ok(await api.GET('/api/v1/notices/{id}/document', { params: { path: { id }, query: { format: 'json' } } })) as NoticeDocument, [id]);
  const [dlError, setDlError] = useState<Error | undefined>(undefined);
  const n = notice.data;
  const d = doc.data;
  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/notices">{t.notices}</Link> / {n?.title ?? id}
      </Typography.Title>
      <Failure error={notice.error ?? doc.error ?? dlError} />
      {n !== undefined && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t.noticeKind}>
              <NoticeKind kind={n.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={t.noticeStatus}>{label(t, `ns_${n.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t.issuer}>{n.issuer}</Descriptions.Item>
            <Descriptions.Item label={t.issueDate}>{n.issueDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.workingDays}>{n.workingDays ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.deadline}>
              <span data-testid="notice-deadline">{n.deadline ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t.batchCol}>
              <Link to={`/batches/${n.batchId}`}>{`#${n.batchId}`}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t.createdAt}>{when(n.publishedAt ?? n.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t.addressees}>{n.addressees.length === 0 ? '—' : n.addressees.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t.documentSha256}>{n.documentSha256 === null ? '—' : <code>{n.documentSha256.slice(0, 16)}…</code>}</Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 12 }}>
            {(['html', 'pdf', 'docx'] as const).map((f) => (
              <Button key={f} data-testid={`download-${f}`} onClick={() => void download(n.id, f).then(() => setDlError(undefined), (e: unknown) => setDlError(e instanceof Error ? e : new Error(String(e))))}>
                {t.download} {f.toUpperCase()}
              </Button>
            ))}
          </Space>
        </Card>
      )}
      {n !== undefined && n.status === 'draft' && (
        <DraftEditor
          n={n}
          onChange={() => {
            notice.reload();
            doc.reload();
          }}
        />
      )}
      {d !== undefined && (
        <Card title={t.annex} style={{ marginBottom: 16 }}>
          {d.paragraphs.map((p, i) => (
            <Typography.Paragraph key={i}>{p}</Typography.Paragraph>
          ))}
          <Table
            rowKey={(_r, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={d.rows.map((r, i) => ({ ...r, seq: i + 1 }))}
            data-testid="annex"
            columns={[
              { title: t.seq, dataIndex: 'seq' },
              { title: t.appName_, dataIndex: 'appName' },
              { title: t.developer, dataIndex: 'developer' },
              { title: t.source, dataIndex: 'source' },
              { title: t.appVersion, dataIndex: 'version' },
              { title: t.problems, dataIndex: 'problems', render: (p: string[]) => p.map((x, i) => <div key={i}>{x}</div>) },
            ]}
          />
        </Card>
      )}
      {n !== undefined && n.status === 'published' && (
        <Card title={t.apps}>
          <Table
            rowKey="appId"
            size="small"
            pagination={false}
            dataSource={n.apps}
            columns={[
              { title: t.app, dataIndex: 'appId', render: (a: number, r) => <Link to={`/apps/${a}`}>{r.name ?? r.packageName}</Link> },
              { title: t.packageName, dataIndex: 'packageName' },
              { title: t.workflow, dataIndex: 'state', render: (s: string) => <WorkflowState state={s} /> },
              {
                title: t.findings,
                dataIndex: 'findings',
                render: (f: Notice['apps'][number]['findings']) =>
                  f.map((x) => (
                    <Tag key={x.findingId}>
                      <Link to={`/findings/${x.findingId}`}>
                        <RuleTitle id={x.ruleId} />
                      </Link>
                    </Tag>
                  )),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
