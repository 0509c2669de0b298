// Scans (检测任务), filtered by status (the dashboard's pie opens this list).
import { Button, Select, Table, Typography } from 'antd';
import { api, ok } from '../api/client.ts';
import { usePaged } from '../hooks.ts';
import { label, useT } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { Failure, ScanStatus, SCAN_STATUSES, when } from '../ui.tsx';

export function Scans() {
  const t = useT();
  const { query } = useLocation();
  const status = SCAN_STATUSES.find((s) => s === query.get('status'));
  const list = usePaged(async (cursor) => ok(await api.GET('/api/v1/scans', { params: { query: { limit: 50, ...(cursor === undefined ? {} : { cursor }), ...(status === undefined ? {} : { status }) } } })), [status]);
  return (
    <div>
      <Typography.Title level={3}>{t.scans}</Typography.Title>
      <Select
        allowClear
        placeholder={t.status}
        style={{ width: 160, marginBottom: 16 }}
        value={status}
        onChange={(v: string | undefined) => navigate(v === undefined ? '/scans' : `/scans?status=${v}`)}
        options={SCAN_STATUSES.map((s) => ({ value: s, label: label(t, s) }))}
      />
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t.status, dataIndex: 'status', render: (s: string) => <ScanStatus status={s} /> },
          { title: t.app, dataIndex: 'appId', render: (a: number | null) => (a === null ? '' : <Link to={`/apps/${a}`}>{`#${a}`}</Link>) },
          { title: t.findingCount, dataIndex: 'findingCount', render: (n: number | null, s) => (n === null ? '' : <Link to={`/findings?scanId=${s.id}`}>{n}</Link>) },
          { title: 'SHA-256', dataIndex: 'sha256', render: (h: string) => <code>{h.slice(0, 16)}…</code> },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
          { title: t.reason, dataIndex: 'error' },
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
