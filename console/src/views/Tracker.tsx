// The rectification tracker (整改跟踪): every app in the campaign with its working-day countdown (computed by
// the API on the official calendar), the operator's submissions with their re-test diffs, and for an overdue
// app the one action to its takedown draft (the deadline check re-checks it and drafts the takedown). An
// operator sees its company's apps here (the API scopes the list) and submits a fixed version from the row.
import { useRef, useState } from 'react';
import { App as AntApp, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { api, ok, uploadPackage, type Rectification, type WorkflowApp } from '../api/client.ts';
import type { Session } from '../App.tsx';
import { useData, useInterval, usePaged } from '../hooks.ts';
import { label, useLang, useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { RuleTitle, useRules } from '../rules.tsx';
import { Failure, when } from '../ui.tsx';
import { WorkflowState } from './Notices.tsx';

const TABS = ['notified', 'overdue', 'urged', 'rectified', 'taken_down', 'relisted', 'all'] as const;
type Tab = (typeof TABS)[number];
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function Countdown({ left, deadline }: { left: number | null; deadline: string | null }) {
  const t = useT();
  if (deadline === null || left === null) return <span>—</span>;
  const [text, colour] = left > 0 ? [t.countdownLeft(left), left <= 2 ? 'orange' : 'green'] : left === 0 ? [t.countdownToday, 'orange'] : [t.countdownOver(-left), 'red'];
  return (
    <Tag color={colour} data-testid="countdown">
      {text}
    </Tag>
  );
}

export function Tracker({ session }: { session: Session }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const { query } = useLocation();
  const tab: Tab = TABS.find((s) => s === query.get('state')) ?? 'notified';
  const state = tab === 'all' ? undefined : tab;
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/workflow/apps', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }), ...(state === undefined ? {} : { state }) } } })), [state]);
  const canCheck = session.me.roles.includes('admin') || session.me.roles.includes('inspector');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [checking, setChecking] = useState(false);

  const check = async () => {
    setChecking(true);
    try {
      const r = ok(await api.POST('/api/v1/workflow/check', { body: {} }));
      void message.info(t.checkDone(r.overdue.length, r.takedownDrafts.length, r.rechecksPending.length));
      setError(undefined);
      list.reload();
    } catch (e) {
      setError(asError(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div>
      <Typography.Title level={3}>{t.tracker}</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<Tab> value={tab} onChange={(v) => navigate(v === 'notified' ? '/tracker' : `/tracker?state=${v}`)} options={TABS.map((s) => ({ value: s, label: s === 'all' ? t.all : label(t, `wf_${s}`) }))} />
        {canCheck && (
          <Button onClick={() => void check()} loading={checking} data-testid="run-check">
            {t.runCheck}
          </Button>
        )}
      </Space>
      <Failure error={list.error ?? error} />
      <Table<WorkflowApp>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        expandable={{
          expandedRowRender: (w) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ToFix w={w} />
              <Submissions w={w} />
            </Space>
          ),
          rowExpandable: (w) => noticeOf(w) !== null,
        }}
        columns={[
          { title: t.app, dataIndex: 'appId', render: (a: number, w) => <Link to={`/apps/${a}`}>{w.name ?? w.packageName}</Link> },
          { title: t.packageName, dataIndex: 'packageName' },
          { title: t.batchCol, dataIndex: 'batchId', render: (b: number) => `#${b}` },
          { title: t.status, dataIndex: 'state', render: (s: string) => <WorkflowState state={s} /> },
          { title: t.notice, key: 'notice', render: (_v, w) => (noticeOf(w) === null ? '—' : <Link to={`/notices/${noticeOf(w)}`}>{`#${noticeOf(w)}`}</Link>) },
          { title: t.deadline, dataIndex: 'deadline', render: (d: string | null) => d ?? '—' },
          { title: t.countdown, key: 'left', render: (_v, w) => (w.state === 'notified' || w.state === 'urged' ? <Countdown left={w.workingDaysLeft} deadline={w.deadline} /> : '—') },
          {
            title: t.actions,
            key: 'act',
            render: (_v, w) => (
              <Space>
                {w.takedownDraftId !== null && w.state === 'overdue' && (
                  <Button type="primary" danger size="small" onClick={() => navigate(`/notices/${w.takedownDraftId}`)} data-testid="open-takedown">
                    {t.openTakedown}
                  </Button>
                )}
                {canCheck && w.takedownDraftId === null && (w.state === 'overdue' || (w.state === 'notified' && (w.workingDaysLeft ?? 0) < 0)) && (
                  <Button danger size="small" onClick={() => void check()} loading={checking} data-testid="draft-takedown">
                    {t.draftTakedown}
                  </Button>
                )}
                {w.state === 'overdue' && w.takedownDraftId === null && w.recheckScanId !== null && <Typography.Text type="secondary">{t.recheckPending}</Typography.Text>}
                {(w.state === 'notified' || w.state === 'urged') && noticeOf(w) !== null && <SubmitFix w={w} onDone={list.reload} />}
              </Space>
            ),
          },
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

/** The notice a rectification answers: the public notice once notified, else the urge. */
const noticeOf = (w: WorkflowApp): number | null => w.publicNoticeId ?? w.urgeNoticeId ?? w.takedownNoticeId;

function SubmitFix({ w, onDone }: { w: WorkflowApp; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const submit = async (file: File) => {
    try {
      setProgress(0);
      const up = await uploadPackage(file, {}, setProgress);
      ok(await api.POST('/api/v1/rectifications', { body: { noticeId: noticeOf(w)!, appId: w.appId, sha256: up.package.sha256 } }));
      void message.success(t.submitFix);
      onDone();
    } catch (e) {
      void message.error(asError(e).message);
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={`${t.submitFix} ${w.packageName}`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f !== undefined) void submit(f);
        }}
      />
      <Button size="small" title={t.submitFixHint} loading={progress !== null} onClick={() => input.current?.click()} data-testid="submit-fix">
        {progress === null ? t.submitFix : `${Math.round(progress * 100)}%`}
      </Button>
    </>
  );
}

/** The notice's findings of the app: what to fix, and the clauses they rest on (the operator's checklist). */
function ToFix({ w }: { w: WorkflowApp }) {
  const t = useT();
  const lang = useLang();
  const rules = useRules();
  const noticeId = noticeOf(w)!;
  const notice = useData(async () => ok(await api.GET('/api/v1/notices/{id}', { params: { path: { id: noticeId } } })), [noticeId]);
  const findings = notice.data?.apps.find((a) => a.appId === w.appId)?.findings ?? [];
  return (
    <Card size="small" title={t.toFix} data-testid="to-fix">
      <Failure error={notice.error} />
      {findings.map((f) => {
        const r = rules?.get(f.ruleId);
        return (
          <div key={f.findingId} style={{ padding: '4px 0' }} data-testid="to-fix-item">
            <Typography.Text strong>
              <RuleTitle id={f.ruleId} />
            </Typography.Text>
            {r !== undefined && <div>{lang === 'zh' ? r.description.zh : r.description.en}</div>}
            {(r?.clauseTexts ?? []).map((c) => (
              <div key={c.id}>
                <Typography.Text type="secondary">
                  {t.clauses}：{c.source}「{c.title}」
                </Typography.Text>
              </div>
            ))}
          </div>
        );
      })}
    </Card>
  );
}

const RECT_COLOURS: Record<string, string> = { pending: 'processing', rectified: 'success', not_rectified: 'error', failed: 'warning' };

/** The app's submissions against the notice, each with its re-test diff; pending ones are asked until decided. */
function Submissions({ w }: { w: WorkflowApp }) {
  const t = useT();
  const noticeId = noticeOf(w)!;
  const subs = useData(async () => ok(await api.GET('/api/v1/rectifications', { params: { query: { appId: w.appId, noticeId, limit: 50 } } })).items, [w.appId, noticeId]);
  const pending = (subs.data ?? []).filter((r) => r.status === 'pending');
  // GET /rectifications/{id} decides a pending submission whose re-test has ended.
  useInterval(
    () =>
      void Promise.all(pending.map((r) => api.GET('/api/v1/rectifications/{id}', { params: { path: { id: r.id } } }))).then((rs) => {
        if (rs.some((r) => r.data !== undefined && r.data.status !== 'pending')) subs.reload();
      }),
    2000,
    pending.length > 0,
  );
  return (
    <Card size="small" title={t.submissions} data-testid="submissions">
      <Failure error={subs.error} />
      {subs.data !== undefined && subs.data.length === 0 && <Empty description={t.noSubmissions} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {(subs.data ?? []).map((r) => (
        <Submission key={r.id} r={r} />
      ))}
    </Card>
  );
}

function Submission({ r }: { r: Rectification }) {
  const t = useT();
  const d = r.diff;
  return (
    <div style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }} data-testid="submission">
      <Space wrap>
        <Tag color={RECT_COLOURS[r.status]} data-testid="rect-status">
          {label(t, `rs_${r.status}`)}
        </Tag>
        <span>{when(r.createdAt)}</span>
        <code>{r.sha256.slice(0, 16)}…</code>
        <Link to={`/findings?scanId=${r.scanId}`}>{`${t.scan} #${r.scanId}`}</Link>
        {r.reason !== null && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
      </Space>
      {d !== null && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          pagination={false}
          rowKey={(x) => `${x.kind}:${x.findingId}`}
          dataSource={[...d.noticeFindings.map((f) => ({ ...f, kind: f.status, blocking: d.blocking.includes(f.fingerprint) })), ...d.new.map((f) => ({ ...f, kind: 'new', blocking: false }))]}
          columns={[
            { title: t.title, dataIndex: 'ruleId', render: (id: string, x) => <Link to={`/findings/${x.findingId}`}><RuleTitle id={id} /></Link> },
            { title: t.status, dataIndex: 'kind', render: (k: string) => <Tag color={k === 'fixed' ? 'green' : k === 'new' ? 'magenta' : 'orange'}>{k === 'fixed' ? t.fixed : k === 'new' ? t.newFindings : t.persisting}</Tag> },
            { title: t.review, dataIndex: 'review', render: (s: string) => label(t, s) },
            { title: t.blocking, dataIndex: 'blocking', render: (b: boolean) => (b ? <Tag color="red">{t.blocking}</Tag> : '') },
          ]}
        />
      )}
    </div>
  );
}
