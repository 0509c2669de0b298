// The notice editor (通报编辑): choose a batch and the apps whose findings a reviewer confirmed, draft the
// notice, then on the draft leave out apps or findings, set the issue date and the working days (the API
// computes the deadline on the official calendar and it is shown before publishing), preview the document
// and publish it. Everything through the public API; the drafter is never the confirmer (the API refuses).
import { useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, ok, token, type Notice, type Schemas } from '../api/client.ts';
import { useData } from '../hooks.ts';
import { label, useLang, useT } from '../i18n.tsx';
import { navigate, useLocation, Link } from '../router.tsx';
import { RuleTitle, useRules } from '../rules.tsx';
import { Failure, Severity } from '../ui.tsx';

type QueueItem = Schemas['ReviewQueueItem'];
type DraftKind = 'urge' | 'public' | 'recheck';
const DRAFT_KINDS: DraftKind[] = ['public', 'urge', 'recheck'];

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
/** Today in Beijing time, as the API's deadlines count. */
const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The problem categories (所涉问题) of rule ids, deduplicated, as the annex will name them. */
function useCategories(ruleIds: string[]): string[] {
  const rules = useRules();
  return [...new Set(ruleIds.flatMap((id) => rules?.get(id)?.categories ?? []))];
}

function Categories({ ruleIds }: { ruleIds: string[] }) {
  const cats = useCategories(ruleIds);
  return (
    <Space size={[4, 4]} wrap>
      {cats.map((c) => (
        <Tag key={c} color="volcano">
          {c}
        </Tag>
      ))}
    </Space>
  );
}

/** /notices/new: the batch, the kind, and the apps with confirmed findings to draft from. */
export function NewNotice() {
  const t = useT();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const { query } = useLocation();
  const batchId = query.get('batchId') === null ? undefined : Number(query.get('batchId'));
  const [kind, setKind] = useState<DraftKind>('public');
  const [selected, setSelected] = useState<number[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const batches = useData(async () => ok(await api.GET('/api/v1/batches', { params: { query: { limit: 200 } } })).items, []);
  // The batch's confirmed findings, page by page (a batch is bounded; a campaign's history is not loaded).
  const queue = useData(async () => {
    if (batchId === undefined) return [];
    const out: QueueItem[] = [];
    let cursor: string | undefined;
    do {
      const p = ok(await api.GET('/api/v1/batches/{id}/review-queue', { params: { path: { id: batchId }, query: { state: 'confirmed', limit: 500, ...(cursor === undefined ? {} : { cursor }) } } }));
      out.push(...p.items);
      cursor = p.nextCursor ?? undefined;
    } while (cursor !== undefined && out.length < 10_000);
    return out;
  }, [batchId]);
  const apps = useMemo(() => {
    const by = new Map<number, { appId: number; packageName: string; findings: QueueItem[] }>();
    for (const f of queue.data ?? []) {
      if (f.appId === null) continue;
      const a = by.get(f.appId) ?? { appId: f.appId, packageName: f.packageName ?? `#${f.appId}`, findings: [] };
      a.findings.push(f);
      by.set(f.appId, a);
    }
    return [...by.values()];
  }, [queue.data]);

  const draft = async () => {
    if (batchId === undefined) return;
    setBusy(true);
    try {
      const n = ok(await api.POST('/api/v1/notices', { body: { batchId, kind, appIds: selected } }));
      void message.success(`${t.draftNotice}: #${n.id}`);
      navigate(`/notices/${n.id}`);
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/notices">{t.notices}</Link> / {t.newNotice}
      </Typography.Title>
      <Failure error={batches.error ?? queue.error ?? error} />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            aria-label={t.chooseBatch}
            placeholder={t.chooseBatch}
            style={{ width: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={batchId}
            onChange={(v: number) => {
              setSelected([]);
              navigate(`/notices/new?batchId=${v}`, true);
            }}
            options={(batches.data ?? []).map((b) => ({ value: b.id, label: `${b.name}（${t.batchOrdinal(b.year, b.seq, b.totalSeq)}）` }))}
          />
          <Select aria-label={t.noticeKind} style={{ width: 160 }} value={kind} onChange={setKind} options={DRAFT_KINDS.map((k) => ({ value: k, label: label(t, `nk_${k}`) }))} />
          <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={() => void draft()} data-testid="draft-notice">
            {t.draftNotice}
          </Button>
          <Typography.Text type="secondary">{t.selectedApps(selected.length)}</Typography.Text>
        </Space>
      </Card>
      {batchId !== undefined && (
        <Card title={t.candidates}>
          <Table
            rowKey="appId"
            size="small"
            loading={queue.loading}
            pagination={false}
            dataSource={apps}
            locale={{ emptyText: t.noCandidates }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) }}
            columns={[
              { title: t.app, dataIndex: 'packageName', render: (p: string, a) => <Link to={`/apps/${a.appId}`}>{p}</Link> },
              {
                title: t.findings,
                key: 'findings',
                render: (_v, a) =>
                  a.findings.map((f) => (
                    <div key={f.id}>
                      <Severity severity={f.severity} /> <Link to={`/findings/${f.id}`}>{lang === 'zh' ? f.title.zh : f.title.en}</Link>
                    </div>
                  )),
              },
              { title: t.problems, key: 'cats', render: (_v, a) => <Categories ruleIds={a.findings.map((f) => f.ruleId)} /> },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

/** The document in a format, through the token (a plain link cannot send it). */
async function fetchDocument(id: number, format: 'html' | 'pdf' | 'docx', dates = ''): Promise<Response> {
  const r = await fetch(`/api/v1/notices/${id}/document?format=${format}${dates}`, { headers: { authorization: `Bearer ${token.get() ?? ''}` } });
  if (!r.ok) throw new ApiError(r.status, ((await r.json().catch(() => ({}))) as { detail?: string }).detail ?? r.statusText);
  return r;
}

/** On a draft: the title, the findings to leave out, the dates with the computed deadline, preview, publish. */
export function DraftEditor({ n, onChange }: { n: Notice; onChange: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [title, setTitle] = useState(n.title);
  const [issueDate, setIssueDate] = useState(beijingToday);
  const hasDeadline = n.kind === 'public' || n.kind === 'urge';
  const [workingDays, setWorkingDays] = useState<number | null>(n.kind === 'public' ? 5 : null);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deadline = useData(async () => {
    if (!hasDeadline || workingDays === null || !/^\d{4}-\d{2}-\d{2}$/.test(issueDate)) return null;
    return ok(await api.GET('/api/v1/calendar/deadline', { params: { query: { issueDate, workingDays } } })).deadline;
  }, [issueDate, workingDays, hasDeadline]);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
      setError(undefined);
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };
  const patch = (body: { title?: string; removeAppIds?: number[]; removeFindingIds?: number[]; reason?: string }) =>
    run(async () => {
      ok(await api.PATCH('/api/v1/notices/{id}', { params: { path: { id: n.id } }, body }));
      void message.success(t.saved);
      onChange();
    });
  const publish = () =>
    run(async () => {
      ok(await api.POST('/api/v1/notices/{id}/publish', { params: { path: { id: n.id } }, body: { issueDate, ...(hasDeadline && workingDays !== null ? { workingDays } : {}) } }));
      void message.success(t.publishedOk);
      onChange();
    });
  const showPreview = () =>
    run(async () => {
      // As it would be published with the dates set here (the API stores nothing for a preview).
      const dates = /^\d{4}-\d{2}-\d{2}$/.test(issueDate) ? `&issueDate=${issueDate}${hasDeadline && workingDays !== null ? `&workingDays=${workingDays}` : ''}` : '';
      setPreview(await (await fetchDocument(n.id, 'html', dates)).text());
    });

  return (
    <Card title={`${t.ns_draft} · ${label(t, `nk_${n.kind}`)}`} style={{ marginBottom: 16 }} data-testid="draft-editor">
      <Alert type="info" showIcon title={t.draftHint} style={{ marginBottom: 16 }} />
      <Failure error={error ?? deadline.error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space.Compact style={{ width: '100%' }}>
          <Space.Addon>{t.noticeTitle}</Space.Addon>
          <Input aria-label={t.noticeTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
          <Button disabled={title.trim() === '' || title === n.title} onClick={() => void patch({ title: title.trim() })}>
            {t.save}
          </Button>
        </Space.Compact>
        <Space wrap align="center">
          <label>
            {t.issueDate}{' '}
            <Input aria-label={t.issueDate} type="date" value={issueDate} onChange={(e) => setIssueDate(e.target.value)} style={{ width: 170 }} />
          </label>
          {hasDeadline && (
            <label>
              {t.workingDays}{' '}
              <InputNumber aria-label={t.workingDays} min={1} max={60} value={workingDays} onChange={(v) => setWorkingDays(v)} />
            </label>
          )}
          {hasDeadline && (
            <span>
              {t.computedDeadline}：
              <Typography.Text strong data-testid="computed-deadline">
                {deadline.data ?? (workingDays === null ? t.deadlineNeedsDates : '…')}
              </Typography.Text>
            </span>
          )}
        </Space>
        <Space>
          <Button onClick={() => void showPreview()} loading={busy} data-testid="preview">
            {t.preview}
          </Button>
          <Popconfirm title={t.publishConfirm} onConfirm={() => void publish()} okText={t.publish}>
            <Button type="primary" danger loading={busy} disabled={n.kind === 'public' && deadline.data == null} data-testid="publish">
              {t.publish}
            </Button>
          </Popconfirm>
        </Space>
      </Space>
      <Modal title={`${t.preview} · ${n.title}`} open={preview !== null} onCancel={() => setPreview(null)} footer={null} width={960}>
        {/* The server's own rendering, sandboxed: no script runs in it. */}
        <iframe title={t.preview} sandbox="" srcDoc={preview ?? ''} style={{ width: '100%', height: 640, border: '1px solid #e5e7eb' }} data-testid="preview-frame" />
      </Modal>
      <DraftFindings n={n} onRemoveApp={(appId) => void patch({ removeAppIds: [appId] })} onRemoveFinding={(findingId) => void patch({ removeFindingIds: [findingId] })} />
    </Card>
  );
}

function DraftFindings({ n, onRemoveApp, onRemoveFinding }: { n: Notice; onRemoveApp: (appId: number) => void; onRemoveFinding: (findingId: number) => void }) {
  const t = useT();
  return (
    <Table
      style={{ marginTop: 16 }}
      rowKey="appId"
      size="small"
      pagination={false}
      dataSource={n.apps}
      columns={[
        { title: t.app, dataIndex: 'appId', render: (a: number, r) => <Link to={`/apps/${a}`}>{r.name ?? r.packageName}</Link> },
        {
          title: t.findings,
          key: 'findings',
          render: (_v, r) =>
            r.findings.map((f) => (
              <div key={f.findingId} data-testid="draft-finding">
                <Link to={`/findings/${f.findingId}`}>
                  <RuleTitle id={f.ruleId} />
                </Link>{' '}
                {r.findings.length > 1 && (
                  <Button size="small" type="link" onClick={() => onRemoveFinding(f.findingId)} aria-label={`${t.removeFinding} ${f.ruleId}`}>
                    {t.removeFinding}
                  </Button>
                )}
              </div>
            )),
        },
        { title: t.problems, key: 'cats', render: (_v, r) => <Categories ruleIds={r.findings.map((f) => f.ruleId)} /> },
        {
          title: t.actions,
          key: 'remove',
          render: (_v, r) =>
            n.apps.length > 1 && (
              <Popconfirm title={t.removeApp} onConfirm={() => onRemoveApp(r.appId)}>
                <Button size="small">{t.removeApp}</Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}
