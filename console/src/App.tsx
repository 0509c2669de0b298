// The console's shell: sign-in with an API token, the organisation and user in the header, the language
// switch (zh_CN first), the menu and the views.
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { api, ok, token, type Me, type Org } from './api/client.ts';
import { LangContext, storedLang, useT, type Lang } from './i18n.tsx';
import { match, navigate, useLocation } from './router.tsx';
import { Login } from './views/Login.tsx';
import { Dashboard } from './views/Dashboard.tsx';
import { Batches, BatchDetail } from './views/Batches.tsx';
import { Apps, AppRecord } from './views/Apps.tsx';
import { Findings } from './views/Findings.tsx';
import { FindingReview } from './views/FindingReview.tsx';
import { Scans } from './views/Scans.tsx';
import { Notices, NoticeDetail } from './views/Notices.tsx';
import { Admin } from './views/Admin.tsx';
import { NewNotice } from './views/NoticeEditor.tsx';
import { Tracker } from './views/Tracker.tsx';
import { Companies, CompanyRecord } from './views/Companies.tsx';
import { Sdks } from './views/Sdks.tsx';

export interface Session {
  me: Me;
  org: Org | null;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('piscope.lang', l);
    setLangState(l);
  }, []);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const [session, setSession] = useState<Session | null | 'checking'>(token.get() === null ? null : 'checking');

  const signIn = useCallback(async (t: string) => {
    token.set(t);
    try {
      const me = ok(await api.GET('/api/v1/me'));
      const org = await api.GET('/api/v1/orgs/{id}', { params: { path: { id: me.orgId } } });
      setSession({ me, org: org.data ?? null });
    } catch (e) {
      token.clear();
      setSession(null);
      throw e;
    }
  }, []);

  useEffect(() => {
    const t = token.get();
    if (t !== null) signIn(t).catch(() => undefined);
    const out = () => setSession(null);
    window.addEventListener('piscope:signed-out', out);
    return () => window.removeEventListener('piscope:signed-out', out);
  }, [signIn]);

  const ctx = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return (
    <LangContext.Provider value={ctx}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 4 } }}>
        <AntApp>
        {session === 'checking' ? (
          <Spin style={{ marginTop: 120, width: '100%' }} />
        ) : session === null ? (
          <Login onSignIn={signIn} />
        ) : (
          <Shell
            session={session}
            onSignOut={() => {
              token.clear();
              setSession(null);
              navigate('/');
            }}
          />
        )}
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

const MENU = ['/', '/batches', '/apps', '/findings', '/notices', '/tracker', '/companies', '/sdks', '/scans', '/admin'] as const;
/** An operator (the company answering notices) sees its apps, its notices and its rectifications. */
const OPERATOR_MENU: readonly (typeof MENU)[number][] = ['/tracker', '/notices', '/apps'];
const isOperator = (me: Me): boolean => me.roles.includes('operator') && me.roles.length === 1;

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const { path } = useLocation();
  const { me, org } = session;
  const menu = isOperator(me) ? OPERATOR_MENU : MENU;
  const section = menu.filter((m) => m !== '/' && path.startsWith(m))[0] ?? menu[0]!;
  const names: Record<(typeof MENU)[number], string> = { '/': t.dashboard, '/batches': t.batches, '/apps': t.apps, '/findings': t.findings, '/notices': t.notices, '/tracker': t.tracker, '/companies': t.companies, '/sdks': t.sdks, '/scans': t.scans, '/admin': t.admin };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#0f172a', paddingInline: 24 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          {t.appName}
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Space size="middle">
          <span style={{ color: '#e2e8f0' }} data-testid="org">
            {org?.name ?? `#${me.orgId}`} <Tag color={me.national ? 'gold' : 'blue'}>{me.national ? t.national : t.provincial}</Tag>
          </span>
          <span style={{ color: '#e2e8f0' }}>
            {me.name} · {me.roles.join(', ')}
          </span>
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language">
            {t.language}
          </Button>
          <Button size="small" onClick={onSignOut}>
            {t.signOut}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light">
          <Menu mode="inline" selectedKeys={[section]} items={menu.map((k) => ({ key: k, label: names[k] }))} onClick={(e) => navigate(e.key)} style={{ height: '100%' }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, background: '#f5f7fa' }}>
          <Route path={path} session={session} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Route({ path, session }: { path: string; session: Session }) {
  let m: Record<string, string> | null;
  if ((m = match('/batches/:id', path)) !== null) return <BatchDetail id={Number(m.id)} />;
  if ((m = match('/apps/:id', path)) !== null) return <AppRecord id={Number(m.id)} />;
  if ((m = match('/findings/:id', path)) !== null) return <FindingReview id={Number(m.id)} session={session} />;
  if (path === '/notices/new') return <NewNotice />;
  if ((m = match('/notices/:id', path)) !== null) return <NoticeDetail id={Number(m.id)} />;
  if ((m = match('/companies/:id', path)) !== null) return <CompanyRecord id={Number(m.id)} />;
  if (path === '/tracker') return <Tracker session={session} />;
  if (path === '/companies') return <Companies />;
  if (path === '/sdks') return <Sdks />;
  if (path === '/notices') return <Notices />;
  if (path === '/batches') return <Batches session={session} />;
  if (path === '/apps') return <Apps />;
  if (path === '/findings') return <Findings />;
  if (path === '/scans') return <Scans />;
  if (path === '/admin') return <Admin session={session} />;
  if (isOperator(session.me)) return <Tracker session={session} />;
  return <Dashboard />;
}

