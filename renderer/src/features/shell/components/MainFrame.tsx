import { Suspense } from 'react';
import { Alert, Button, Flex, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { LockOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { Loading } from '../../../app/Loading';
import { staffLabel } from '../../../lib/format';
import { hasRole, isLocked, useSessionStore } from '../../session/store';
import { useIdleLock } from '../../session/useIdleLock';
import { pageFor, pages } from '../routes';
import { useShellStore } from '../store';
import { ForbiddenPage, NotFoundPage, PlaceholderPage } from './StatusPages';
import { StatusBar } from './StatusBar';

/** The signed-in desk: navigation, header, the current page and the status bar. */
export default function MainFrame() {
  const status = useSessionStore((s) => s.status);
  const locked = useSessionStore(isLocked);
  const connectionError = useSessionStore((s) => s.connectionError);
  const path = useShellStore((s) => s.path);
  const session = status?.session;
  useIdleLock(status?.idleLockMinutes ?? 10, !!session && !locked);

  if (!status || !session) return null;
  const t = zhCN.ui.shell;
  const current = pageFor(path);

  const items: MenuProps['items'] = pages
    .filter((p) => !p.hidden && hasRole(session.role, p.roles))
    .map((p) => ({
      key: p.key,
      icon: p.icon,
      disabled: p.comingLater === true,
      'data-testid': `nav-${p.key}`,
      label: p.comingLater ? (
        <Flex justify="space-between" align="center" gap={8}>
          <span>{p.label}</span>
          <span style={{ fontSize: 11, opacity: 0.75 }}>{t.nav.comingLater}</span>
        </Flex>
      ) : (
        p.label
      ),
    }));

  let content;
  if (!current) content = <NotFoundPage path={path} />;
  else if (!hasRole(session.role, current.roles)) content = <ForbiddenPage />;
  else if (current.comingLater || !current.page) content = <PlaceholderPage name={current.label} />;
  else {
    const Page = current.page;
    content = <Page />;
  }

  return (
    <Layout style={{ height: '100%' }} data-testid="main-frame">
      <Layout.Sider width={208} style={{ overflow: 'auto' }}>
        <Flex align="center" gap={8} style={{ height: 56, padding: '0 20px', color: '#fff' }}>
          <SafetyCertificateOutlined style={{ fontSize: 20 }} />
          <span style={{ fontSize: 16, fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}>{zhCN.app.productName}</span>
        </Flex>
        <nav aria-label={t.nav.label}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={current ? [current.key] : []}
            items={items}
            onClick={({ key }) => {
              const target = pages.find((p) => p.key === key);
              if (target) useShellStore.getState().navigate(target.path);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{ borderBottom: '1px solid #e3e7ed', display: 'flex', alignItems: 'center', gap: 16 }}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="header-counter">
            {status.counter?.counterName}
          </Typography.Text>
          {status.counter && <Tag>{status.counter.counterCode}</Tag>}
          <div style={{ flex: 1 }} />
          <Space size={12}>
            <Typography.Text data-testid="header-staff">
              <UserOutlined style={{ marginRight: 6 }} />
              {staffLabel(session.displayName, session.role)}
            </Typography.Text>
            <Button icon={<LockOutlined />} onClick={() => void useSessionStore.getState().lock()} data-testid="lock-button">
              {t.header.lock}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => void useSessionStore.getState().logout()} data-testid="logout-button">
              {t.header.logout}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ overflow: 'auto', padding: 24 }} data-testid="page-content">
          {connectionError && (
            <Alert type="warning" showIcon banner data-testid="connection-banner" title={connectionError.message} style={{ marginBottom: 16 }} />
          )}
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </Layout.Content>
        <StatusBar status={status} />
      </Layout>
    </Layout>
  );
}
