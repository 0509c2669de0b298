// A finding laid out for a decision in under a minute: what it says, its evidence (the call path as a chain
// of methods, each with its owner; the manifest line; the policy sentence in its section), its review history,
// and the decision from the keyboard: C confirm, F false positive, type the reason, Enter.
import { useEffect, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Input, Radio, Row, Space, Tag, Timeline, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { api, fetchReport, ok, type Evidence, type Owner, type ReportFinding, type ReportLite } from '../api/client.ts';
import { useData } from '../hooks.ts';
import { label, useLang, useT } from '../i18n.tsx';
import { useRules } from '../rules.tsx';
import { Link } from '../router.tsx';
import type { Session } from '../App.tsx';
import { Failure, ReviewState, Severity, when } from '../ui.tsx';

/** `Lcom/a/B;->m(Ljava/lang/String;I)V` → class `com.a.B`, shown as `com.a.B.m(String, int)`. */
export function parseMethod(smali: string): { cls: string; text: string } {
  const m = /^L([^;]+);->([^(]+)\(([^)]*)\)/.exec(smali);
  if (m === null) return { cls: smali.split('.').slice(0, -1).join('.'), text: smali };
  const cls = m[1]!.replaceAll('/', '.');
  const params: string[] = [];
  const prim: Record<string, string> = { Z: 'boolean', B: 'byte', C: 'char', S: 'short', I: 'int', J: 'long', F: 'float', D: 'double', V: 'void' };
  const re = /(\[*)(L[^;]+;|[ZBCSIJFDV])/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[3]!)) !== null) {
    const base = p[2]!.startsWith('L') ? p[2]!.slice(1, -1).split('/').pop()! : prim[p[2]!]!;
    params.push(base + '[]'.repeat(p[1]!.length));
  }
  return { cls, text: `${cls}.${m[2]}(${params.join(', ')})` };
}

const PLATFORM = ['android.', 'androidx.', 'java.', 'javax.', 'kotlin.', 'dalvik.', 'com.android.', 'com.google.android.', 'org.json.', 'org.xmlpull.', 'org.w3c.', 'org.xml.', 'sun.'];

type Party = 'app' | 'sdk' | 'platform' | 'third-party';

/** Who owns a class, from the report's identified SDKs (by package) and the app's package. */
export function ownerOfClass(cls: string, report: ReportLite | undefined): { party: Party; name: string } {
  let best: { len: number; name: string } | null = null;
  for (const s of report?.sdks ?? []) {
    for (const p of s.packages) if ((cls === p || cls.startsWith(`${p}.`)) && (best === null || p.length > best.len)) best = { len: p.length, name: s.nameZh ?? s.name };
  }
  if (best !== null) return { party: 'sdk', name: best.name };
  const app = report?.app.packageName;
  if (app != null && app !== '' && (cls === app || cls.startsWith(`${app}.`))) return { party: 'app', name: app };
  if (PLATFORM.some((p) => cls.startsWith(p))) return { party: 'platform', name: cls.split('.').slice(0, 2).join('.') };
  return { party: 'third-party', name: cls.split('.').slice(0, 3).join('.') };
}

const PARTY_COLOURS: Record<Party, string> = { app: 'blue', sdk: 'volcano', platform: 'default', 'third-party': 'purple' };

function OwnerTag({ party, name }: { party: Party; name: string }) {
  const t = useT();
  const word: Record<Party, string> = { app: t.ownerApp, sdk: t.ownerSdk, platform: t.ownerPlatform, 'third-party': t.ownerThirdParty };
  return (
    <Tag color={PARTY_COLOURS[party]}>
      {word[party]}
      {party === 'app' ? '' : ` · ${name}`}
    </Tag>
  );
}

function fromEvidenceOwner(o: Owner | undefined): { party: Party; name: string } | null {
  if (o === undefined) return null;
  const party: Party = o.party ?? (o.kind === 'app' ? 'app' : o.kind === 'sdk' ? 'sdk' : 'third-party');
  return { party, name: o.sdk ?? o.prefix ?? '' };
}

function CodeEvidence({ e, report }: { e: Extract<Evidence, { kind: 'code' }>; report: ReportLite | undefined }) {
  const t = useT();
  const chain = e.path !== undefined && e.path.length > 0 ? e.path : [e.caller];
  const items = chain.map((m, i) => {
    const { cls, text } = parseMethod(m);
    // The caller's owner is the engine's own finding; the others are read from the report's SDK packages.
    const owner = (i === chain.length - 1 ? fromEvidenceOwner(e.owner) : null) ?? ownerOfClass(cls, report);
    return {
      key: `${i}`,
      content: (
        <div data-testid="call-step">
          <code style={{ wordBreak: 'break-all' }}>{text}</code> <OwnerTag {...owner} />
          {i === 0 && chain.length > 1 && <Tag>{t.entry}</Tag>}
        </div>
      ),
    };
  });
  if (e.callee !== undefined)
    items.push({
      key: 'callee',
      content: (
        <div data-testid="call-step">
          <code style={{ wordBreak: 'break-all' }}>{e.callee}</code> <Tag color="red">{t.ownerSystem}</Tag>
        </div>
      ),
    });
  return (
    <div>
      <Typography.Text strong>{t.callPath}</Typography.Text>
      {e.container !== undefined && <Typography.Text type="secondary"> · {e.container}</Typography.Text>}
      {e.note !== undefined && <Typography.Paragraph type="secondary">{e.note}</Typography.Paragraph>}
      <Timeline style={{ marginTop: 12 }} items={items} />
    </div>
  );
}

function EvidenceView({ e, report }: { e: Evidence; report: ReportLite | undefined }) {
  const t = useT();
  switch (e.kind) {
    case 'code':
      return <CodeEvidence e={e} report={report} />;
    case 'manifest':
      return (
        <div data-testid="manifest-evidence">
          <Typography.Text strong>{t.manifestLine}</Typography.Text> <Typography.Text type="secondary">AndroidManifest.xml{e.line != null ? ` · ${t.line} ${e.line}` : ''}</Typography.Text>
          <pre style={{ background: '#f1f5f9', padding: 8, margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>
            {`<${e.element}${e.attribute !== undefined ? ` ${e.attribute}="${e.value ?? ''}"` : ''} />`}
          </pre>
        </div>
      );
    case 'policy':
      return (
        <div data-testid="policy-evidence">
          <Typography.Text strong>{t.policySentence}</Typography.Text>
          {e.source != null && <Typography.Text type="secondary"> · {e.source}</Typography.Text>}
          {e.section != null && <Typography.Title level={5} style={{ marginTop: 8 }}>{e.section}</Typography.Title>}
          {e.excerpt !== undefined && (
            <blockquote style={{ margin: '8px 0', paddingLeft: 12, borderLeft: '3px solid #f59e0b' }}>
              <mark style={{ background: '#fde68a' }}>{e.excerpt}</mark>
            </blockquote>
          )}
          {e.searched !== undefined && e.searched.length > 0 && (
            <Typography.Paragraph type="secondary">
              {t.searchedSections}: {e.searched.join('；')}
            </Typography.Paragraph>
          )}
        </div>
      );
    case 'file':
      return (
        <div>
          <Typography.Text strong>{t.fileEvidence}</Typography.Text> <code>{e.path}</code>
          {e.detail !== undefined && <Typography.Paragraph type="secondary">{e.detail}</Typography.Paragraph>}
        </div>
      );
    case 'network':
      return (
        <div>
          <Typography.Text strong>{t.network}</Typography.Text> <code>{`${e.method ?? ''} ${e.url}`}</code>
        </div>
      );
    case 'trace':
      return (
        <div>
          <Typography.Text strong>{t.trace}</Typography.Text>
          <ul>
            {e.events.slice(0, 20).map((x, i) => (
              <li key={i}>
                <code>{x.api}</code> {x.caller ?? ''}
              </li>
            ))}
          </ul>
        </div>
      );
  }
}

type Decision = 'confirmed' | 'false_positive';

export function FindingReview({ id, session }: { id: number; session: Session }) {
  const t = useT();
  const lang = useLang();
  const rules = useRules();
  const { message } = AntApp.useApp();
  const detail = useData(async () => ok(await api.GET('/api/v1/findings/{id}', { params: { path: { id } } })), [id]);
  const history = useData(async () => ok(await api.GET('/api/v1/findings/{id}/history', { params: { path: { id } } })), [id]);
  const scanId = detail.data?.scanId;
  const report = useData(async () => (scanId === undefined ? undefined : fetchReport(scanId)), [scanId]);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const reasonRef = useRef<TextAreaRef>(null);
  const mayReview = session.me.roles.some((r) => r === 'admin' || r === 'reviewer');

  const submit = async () => {
    if (decision === null || reason.trim() === '' || saving) return;
    setSaving(true);
    setError(undefined);
    try {
      ok(await api.POST('/api/v1/findings/{id}/review', { params: { path: { id } }, body: { state: decision, reason: reason.trim() } }));
      void message.success(t.reviewSaved);
      setReason('');
      setDecision(null);
      detail.reload();
      history.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  };
  const submitRef = useRef(submit);
  submitRef.current = submit;

  useEffect(() => {
    if (!mayReview) return;
    const onKey = (ev: KeyboardEvent) => {
      const typing = ev.target instanceof HTMLTextAreaElement || ev.target instanceof HTMLInputElement;
      if (typing) {
        if (ev.key === 'Escape') (ev.target as HTMLElement).blur();
        return;
      }
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const pick: Decision | null = ev.key === 'c' || ev.key === 'C' ? 'confirmed' : ev.key === 'f' || ev.key === 'F' ? 'false_positive' : null;
      if (pick === null) return;
      // Keeps the letter out of the reason field that takes the focus.
      ev.preventDefault();
      setDecision(pick);
      reasonRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mayReview]);

  const d = detail.data;
  const f = d?.finding as ReportFinding | undefined;
  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/findings">{t.findings}</Link> / #{id}
      </Typography.Title>
      <Failure error={detail.error} />
      {d !== undefined && f !== undefined && (
        <Row gutter={16}>
          <Col span={16}>
            <Card
              title={
                <Space>
                  <Severity severity={d.severity} />
                  <span data-testid="finding-title">{lang === 'zh' ? d.title.zh : d.title.en}</span>
                </Space>
              }
              style={{ marginBottom: 16 }}
            >
              <Descriptions size="small" column={2} bordered styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}>
                <Descriptions.Item label={t.problems}>
                  {(rules?.get(d.ruleId)?.categories ?? []).join('、')} <code>{d.ruleId}</code>
                </Descriptions.Item>
                <Descriptions.Item label={t.confidence}>{d.confidence}</Descriptions.Item>
                <Descriptions.Item label={t.owner}>{d.owner}</Descriptions.Item>
                <Descriptions.Item label={t.clauses}>{f.clauses.join(', ')}</Descriptions.Item>
                <Descriptions.Item label={t.dataTypes} span={2}>
                  {d.dataTypes.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Descriptions.Item>
                <Descriptions.Item label={t.app}>{d.appId === null ? '—' : <Link to={`/apps/${d.appId}`}>{report.data?.app.label ?? report.data?.app.packageName ?? `#${d.appId}`}</Link>}</Descriptions.Item>
                <Descriptions.Item label={t.scan}>
                  <Link to={`/findings?scanId=${d.scanId}`}>#{d.scanId}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={t.message} span={2}>
                  {lang === 'zh' ? f.message.zh : f.message.en}
                </Descriptions.Item>
                {f.runtimeCheck !== undefined && (
                  <Descriptions.Item label={t.runtimeCheck} span={2}>
                    {lang === 'zh' ? f.runtimeCheck.zh : f.runtimeCheck.en}
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card title={t.evidence}>
              <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                {f.evidence.map((e, i) => (
                  <EvidenceView key={i} e={e} report={report.data} />
                ))}
              </Space>
            </Card>
          </Col>
          <Col span={8}>
            <Card title={t.decision} style={{ marginBottom: 16 }} extra={<span data-testid="review-state"><ReviewState state={d.review.state} /></span>}>
              {!mayReview ? (
                <Alert type="info" title={t.notAllowed} />
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as Decision)} optionType="button" buttonStyle="solid">
                    <Radio.Button value="confirmed">{t.confirm} (C)</Radio.Button>
                    <Radio.Button value="false_positive">{t.falsePositive} (F)</Radio.Button>
                  </Radio.Group>
                  <Input.TextArea
                    ref={reasonRef}
                    aria-label={t.reason}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder={t.reasonPlaceholder}
                    autoSize={{ minRows: 3 }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && !e.shiftKey) {
                        e.preventDefault();
                        void submitRef.current();
                      }
                    }}
                  />
                  <Failure error={error} />
                  <Button type="primary" disabled={decision === null || reason.trim() === ''} loading={saving} onClick={() => void submit()}>
                    {t.submit}
                  </Button>
                  <Typography.Text type="secondary">{t.keyboardHint}</Typography.Text>
                </Space>
              )}
            </Card>
            <Card title={t.history}>
              {(history.data?.items ?? []).length === 0 ? (
                <Typography.Text type="secondary">{t.noData}</Typography.Text>
              ) : (
                <Timeline
                  items={(history.data?.items ?? []).map((h, i) => ({
                    key: String(i),
                    content: (
                      <div>
                        <ReviewState state={h.state} /> {when(h.at)} · #{h.userId}
                        <div>{h.reason}</div>
                      </div>
                    ),
                  }))}
                />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {d !== undefined && f === undefined && <Alert type="warning" title={label(t, 'noData')} />}
    </div>
  );
}
