// Batches (检测批次): create one, upload packages into it with their upload progress, and follow each app's
// scan live: status, findings, failures with their reasons, cancel while queued or running.
import { useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Progress, Space, Table, Typography } from 'antd';
import { api, ok, uploadPackage, type Batch, type BatchItem } from '../api/client.ts';
import { useData, useInterval, usePaged } from '../hooks.ts';
import { label, useT } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { Session } from '../App.tsx';
import { Failure, ScanStatus, SCAN_STATUSES, when } from '../ui.tsx';

export function Batches({ session }: { session: Session }) {
  const t = useT();
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/batches', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }) } } })), []);
  const [error, setError] = useState<Error | undefined>(undefined);
  const mayCreate = session.me.roles.some((r) => r === 'admin' || r === 'inspector');
  // The national organisation sees every province's batches: name the organisation of each.
  const orgs = useData(async () => (session.me.national ? new Map(ok(await api.GET('/api/v1/orgs', { params: { query: { limit: 500 } } })).items.map((o) => [o.id, o.name])) : null), [session.me.national]);
  const create = async (v: { name: string; year?: number | null }) => {
    setError(undefined);
    try {
      const b = ok(await api.POST('/api/v1/batches', { body: { name: v.name, ...(v.year == null ? {} : { year: v.year }) } }));
      navigate(`/batches/${b.id}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <div>
      <Typography.Title level={3}>{t.batches}</Typography.Title>
      {mayCreate && (
        <Card title={t.newBatch} style={{ marginBottom: 16 }}>
          <Failure error={error} />
          <Form layout="inline" onFinish={(v: { name: string; year?: number | null }) => void create(v)}>
            <Form.Item name="name" label={t.batchName} rules={[{ required: true }]}>
              <Input style={{ width: 280 }} placeholder="2026-粤-05" />
            </Form.Item>
            <Form.Item name="year" label={t.year}>
              <InputNumber min={2000} max={2100} placeholder={String(new Date().getFullYear())} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t.create}
            </Button>
          </Form>
        </Card>
      )}
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        onRow={(b) => ({ onClick: () => navigate(`/batches/${b.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t.batchName, dataIndex: 'name', render: (name: string, b) => <Link to={`/batches/${b.id}`}>{name}</Link> },
          { title: t.batchNo, render: (_: unknown, b) => t.batchOrdinal(b.year, b.seq, b.totalSeq) },
          ...(orgs.data == null ? [] : [{ title: t.orgs, render: (_: unknown, b: Batch) => orgs.data?.get(b.orgId) ?? `#${b.orgId}` }]),
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
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

interface Uploading {
  name: string;
  fraction: number;
  error?: string;
  note?: string;
}

export function BatchDetail({ id }: { id: number }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const batch = useData(async () => ok(await api.GET('/api/v1/batches/{id}', { params: { path: { id } } })), [id]);
  const items = usePaged(async (cursor) => ok(await api.GET('/api/v1/batches/{id}/items', { params: { path: { id }, query: { limit: 100, ...(cursor === undefined ? {} : { cursor }) } } })), [id]);
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const [onlyFailures, setOnlyFailures] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const counts = batch.data?.scans ?? {};
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  const finished = (counts.done ?? 0) + (counts.failed ?? 0) + (counts.cancelled ?? 0);
  const busy = (counts.queued ?? 0) + (counts.running ?? 0) > 0 || uploads.some((u) => u.fraction < 1 && u.error === undefined);
  useInterval(
    () => {
      batch.reload();
      items.reload();
    },
    2000,
    busy,
  );

  const upload = async (files: FileList | null) => {
    if (files === null) return;
    const list = [...files];
    setUploads((u) => [...list.map((f) => ({ name: f.name, fraction: 0 })), ...u]);
    const set = (name: string, patch: Partial<Uploading>) => setUploads((u) => u.map((x) => (x.name === name ? { ...x, ...patch } : x)));
    // One at a time: the server streams each to storage, and the batch's scans start as they arrive.
    for (const f of list) {
      try {
        const r = await uploadPackage(f, { batchId: id }, (fraction) => set(f.name, { fraction }));
        set(f.name, { fraction: 1, ...(r.started ? {} : { note: t.alreadyScanned }) });
      } catch (e) {
        set(f.name, { fraction: 1, error: e instanceof Error ? e.message : String(e) });
      }
      batch.reload();
      items.reload();
    }
  };

  const cancel = async (item: BatchItem) => {
    try {
      ok(await api.POST('/api/v1/scans/{id}/cancel', { params: { path: { id: item.scanId } }, body: { reason: 'console' } }));
      void message.success(t.cancelled_ok);
    } catch (e) {
      void message.error((e as Error).message);
    }
    batch.reload();
    items.reload();
  };

  const rows = onlyFailures ? items.items.filter((i) => i.scan.status === 'failed' || i.scan.status === 'cancelled') : items.items;
  return (
    <div>
      <Typography.Title level={3}>
        <Link to="/batches">{t.batches}</Link> / {batch.data?.name ?? id}
      </Typography.Title>
      <Failure error={batch.error ?? items.error} />
      {batch.data !== undefined && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t.batchNo}>{t.batchOrdinal(batch.data.year, batch.data.seq, batch.data.totalSeq)}</Descriptions.Item>
            <Descriptions.Item label={t.createdAt}>{when(batch.data.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t.status}>
              <Space wrap>
                {SCAN_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
                  <span key={s} data-testid={`count-${s}`}>
                    {label(t, s)} {counts[s]}
                  </span>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Progress percent={total === 0 ? 0 : Math.round((finished / total) * 100)} success={{ percent: total === 0 ? 0 : Math.round(((counts.done ?? 0) / total) * 100) }} status={busy ? 'active' : 'normal'} aria-label={t.progress} />
        </Card>
      )}
      <Card title={t.uploadPackages} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t.uploadHint}</Typography.Paragraph>
        {/* The browser's own file button speaks the browser's language; this one speaks the console's. */}
        <input ref={picker} type="file" multiple hidden accept=".apk,.aar,.jar,.wxapkg,.dex" aria-label={t.uploadPackages} onChange={(e) => void upload(e.target.files)} />
        <Button type="primary" onClick={() => picker.current?.click()}>
          {t.chooseFiles}
        </Button>
        {uploads.map((u) => (
          <div key={u.name} style={{ marginTop: 8 }}>
            <Typography.Text>{u.name}</Typography.Text>
            <Progress percent={Math.round(u.fraction * 100)} size="small" status={u.error !== undefined ? 'exception' : u.fraction < 1 ? 'active' : 'success'} />
            {u.error !== undefined && <Alert type="error" title={`${t.uploadFailed}: ${u.error}`} />}
            {u.note !== undefined && <Typography.Text type="secondary">{u.note}</Typography.Text>}
          </div>
        ))}
      </Card>
      <Space style={{ marginBottom: 8 }}>
        <Checkbox checked={onlyFailures} onChange={(e) => setOnlyFailures(e.target.checked)}>
          {t.onlyFailures}
        </Checkbox>
        <Typography.Text type="secondary">{t.rerunNote}</Typography.Text>
      </Space>
      <Table
        rowKey="id"
        loading={items.loading && items.items.length === 0}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t.file, dataIndex: 'fileName' },
          { title: t.status, render: (_: unknown, i: BatchItem) => <ScanStatus status={i.scan.status} /> },
          { title: t.findingCount, render: (_: unknown, i: BatchItem) => (i.scan.findingCount === null ? '' : <Link to={`/findings?scanId=${i.scanId}`}>{i.scan.findingCount}</Link>) },
          { title: t.app, render: (_: unknown, i: BatchItem) => (i.scan.appId === null ? '' : <Link to={`/apps/${i.scan.appId}`}>{`#${i.scan.appId}`}</Link>) },
          { title: t.reason, render: (_: unknown, i: BatchItem) => (i.scan.error === null ? '' : <Typography.Text type="danger">{i.scan.error}</Typography.Text>) },
          {
            title: t.actions,
            render: (_: unknown, i: BatchItem) =>
              i.scan.status === 'queued' || i.scan.status === 'running' ? (
                <Button size="small" danger onClick={() => void cancel(i)}>
                  {t.cancel}
                </Button>
              ) : null,
          },
        ]}
      />
      {items.hasMore && (
        <Button onClick={items.more} style={{ marginTop: 12 }}>
          {t.more}
        </Button>
      )}
    </div>
  );
}
