import { Suspense, useEffect, useMemo } from 'react';
import { Button, Layout, Menu, Result, Space, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { consoleApiText } from '../../../../../../shared/i18n/zhCN.consoleApi';
import { useSessionStore } from '../../session/store';
import { matchPath, useShellStore } from '../store';
import { allowed, homePath, pages } from '../routes';
import { Loading } from '../../../app/Loading';

const nav = consoleText.nav;

export default function ConsoleFrame() {
  const me = useSessionStore((s) => s.me);
  const path = useShellStore((s) => s.path);
  const navigate = useShellStore((s) => s.navigate);
  const role = me?.role ?? '';

  useEffect(() => {
    if (path === '/' || path === '') navigate(homePath(), { replace: true });
  }, [path, navigate]);

  const match = useMemo(() => {
    for (const p of pages) {
      const params = matchPath(p.path, path);
      if (params) return { page: p, params };
    }
    return null;
  }, [path]);

  const menuItems = pages.filter((p) => !p.hidden && allowed(p, role)).map((p) => ({ key: p.key, icon: p.icon, label: p.label, 'data-testid': `nav-${p.key}` }));
  const selected = match?.page.hidden ? 'queue' : match?.page.key;

  let body;
  if (!match) body = <Result status="404" title={nav.notFound} />;
  else if (!allowed(match.page, role)) body = <Result status="403" title={nav.notAllowed} data-testid="page-forbidden" />;
  else {
    const Page = match.page.page;
    body = <Page params={match.params} />;
  }

  return (
    <Layout style={{ height: '100%' }}>
      <a className="skip-link" href="#main">
        {nav.skipToContent}
      </a>
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={0}>
        <div style={{ color: '#fff', fontSize: 16, fontWeight: 600, padding: '16px 20px' }}>{consoleText.productName}</div>
        <nav aria-label={consoleText.productName}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={menuItems}
            onClick={({ key }) => {
              const p = pages.find((x) => x.key === key);
              if (p) navigate(p.path);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #e5e8ee' }}>
          <Space size="middle">
            <Typography.Text data-testid="signed-in-as">
              {format(nav.signedInAs, { name: me?.displayName ?? '', role: me ? consoleApiText.roles[me.role] : '' })}
            </Typography.Text>
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void useSessionStore.getState().signOut()} data-testid="sign-out">
              {nav.signOut}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} style={{ overflow: 'auto', padding: 16, outline: 'none' }}>
          <Suspense fallback={<Loading />}>{body}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
