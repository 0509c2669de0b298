// Administration on today's API: organisations, users and roles, the caller's API tokens (made, shown once,
// revoked) and the audit log (administrators).
import { useState } from 'react';
import { Alert, Button, Form, Input, Popconfirm, Table, Tabs, Tag, Typography } from 'antd';
import { api, ok } from '../api/client.ts';
import { usePaged } from '../hooks.ts';
import { useT } from '../i18n.tsx';
import type { Session } from '../App.tsx';
import { Failure, when } from '../ui.tsx';

const page = (cursor: string | undefined) => ({ limit: 50, ...(cursor === undefined ? {} : { cursor }) });

export function Admin({ session }: { session: Session }) {
  const t = useT();
  const isAdmin = session.me.roles.includes('admin');
  return (
    <div>
      <Typography.Title level={3}>{t.admin}</Typography.Title>
      <Tabs
        items={[
          { key: 'orgs', label: t.orgs, children: <Orgs /> },
          { key: 'users', label: t.users, children: <Users /> },
          { key: 'tokens', label: t.tokens, children: <Tokens /> },
          ...(isAdmin ? [{ key: 'audit', label: t.audit, children: <Audit /> }] : []),
        ]}
      />
    </div>
  );
}

function Orgs() {
  const t = useT();
  const list = usePaged(async (c) => ok(await api.GET('/api/v1/orgs', { params: { query: page(c) } })), []);
  return (
    <>
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t.name, dataIndex: 'name' },
          { title: t.code, dataIndex: 'code' },
          { title: t.level, dataIndex: 'level', render: (l: string) => (l === 'national' ? t.national : t.provincial) },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </>
  );
}

function Users() {
  const t = useT();
  const list = usePaged(async (c) => ok(await api.GET('/api/v1/users', { params: { query: page(c) } })), []);
  return (
    <>
      <Failure error={list.error} />
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t.name, dataIndex: 'name' },
          { title: t.email, dataIndex: 'email' },
          { title: t.roles, dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t.orgs, dataIndex: 'orgId' },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </>
  );
}

function Tokens() {
  const t = useT();
  const list = usePaged(async (c) => ok(await api.GET('/api/v1/tokens', { params: { query: page(c) } })), []);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<Error | undefined>(undefined);
  const create = async (v: { name: string }) => {
    try {
      const r = ok(await api.POST('/api/v1/tokens', { body: { name: v.name } }));
      setMade(r.token);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const revoke = async (id: number) => {
    try {
      ok(await api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }));
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <Failure error={error ?? list.error} />
      <Form layout="inline" onFinish={(v: { name: string }) => void create(v)} style={{ marginBottom: 16 }}>
        <Form.Item name="name" label={t.name} rules={[{ required: true }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Button htmlType="submit">{t.newToken}</Button>
      </Form>
      {made !== null && <Alert type="success" style={{ marginBottom: 16 }} title={t.tokenShownOnce} description={<Typography.Text copyable code>{made}</Typography.Text>} />}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t.name, dataIndex: 'name' },
          { title: t.createdAt, dataIndex: 'createdAt', render: when },
          { title: t.status, dataIndex: 'revokedAt', render: (r: string | null) => (r === null ? <Tag color="green">{t.active}</Tag> : <Tag>{t.revoked}</Tag>) },
          {
            title: t.actions,
            render: (_: unknown, tok) =>
              tok.revokedAt === null ? (
                <Popconfirm title={t.revoke} onConfirm={() => void revoke(tok.id)}>
                  <Button size="small" danger>
                    {t.revoke}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </>
  );
}

function Audit() {
  const t = useT();
  const list = usePaged(async (c) => ok(await api.GET('/api/v1/audit', { params: { query: page(c) } })), []);
  return (
    <>
      <Failure error={list.error} />
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t.time, dataIndex: 'at', render: when },
          { title: t.user, dataIndex: 'userId' },
          { title: t.action, dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t.target, dataIndex: 'target' },
          { title: t.reason, dataIndex: 'reason' },
        ]}
      />
      {list.hasMore && <Button onClick={list.more}>{t.more}</Button>}
    </>
  );
}
