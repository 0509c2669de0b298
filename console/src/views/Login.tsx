// Sign-in with an API token (the platform's only credential for people and scripts alike).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useContext } from 'react';
import { LangContext, useT } from '../i18n.tsx';

export function Login({ onSignIn }: { onSignIn: (token: string) => Promise<void> }) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { token: string }) => {
    setBusy(true);
    setError(null);
    try {
      await onSignIn(v.token.trim());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#0f172a' }}>
      <Card style={{ width: 440 }} title={t.appName} extra={<Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t.language}</Button>}>
        <Typography.Paragraph type="secondary">{t.tokenHelp}</Typography.Paragraph>
        {error !== null && <Alert type="error" showIcon title={t.signInFailed} description={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(v: { token: string }) => void submit(v)}>
          <Form.Item name="token" label={t.tokenLabel} rules={[{ required: true, message: t.tokenRequired }]}>
            <Input.Password autoFocus autoComplete="off" placeholder="psc_…" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t.signIn}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
