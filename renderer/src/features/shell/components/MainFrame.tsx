import { Suspense } from 'react';
import { Alert, Button, Flex, Layout, Space, Tag, Typography } from 'antd';
import { LockOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { Loading } from '../../../app/Loading';
import { staffLabel } from '../../../lib/format';
import { hasRole, isLocked, useSessionStore } from '../../session/store';
import { useIdleLock } from '../../session/useIdleLock';
import { pageFor, pages } from '../routes';
import { useShellStore } from '../store';
import { ForbiddenPage, NotFoundPage, PlaceholderPage } from './StatusPages';
import { SideNav } from './SideNav';
import { StatusBar } from './StatusBar';
import { TextSizeChoice } from './TextSizeChoice';
import { AuditAlertBanner } from '../../audit/components/AuditAlertBanner';

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

  const items = pages.filter((p) => !p.hidden && hasRole(session.role, p.roles));

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
          <SafetyCertificateOutlined style={{ fontSize: '1.25rem' }} />
          <span style={{ fontSize: '1rem', fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}>{zhCN.app.productName}</span>
        </Flex>
        <SideNav items={items} currentKey={current?.key} />
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{ borderBottom: '1px solid #e3e7ed', display: 'flex', alignItems: 'center', gap: 16 }}>
          {/* On a narrow window (150 % scaling, large text) the counter's name gives way first (it is also in
              the status bar, like the staff line, which hides below 1000 px: see global.css). */}
          <Typography.Text strong ellipsis={{ tooltip: status.counter?.counterName }} style={{ fontSize: '1rem', minWidth: '3rem', flex: '0 1 auto' }} data-testid="header-counter">
            {status.counter?.counterName}
          </Typography.Text>
          {status.counter && <Tag>{status.counter.counterCode}</Tag>}
          <div style={{ flex: 1 }} />
          <Space size={12} style={{ flex: 'none' }}>
            <TextSizeChoice />
            <Typography.Text className="desk-header-staff" data-testid="header-staff">
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
        <Layout.Content style={{ overflow: 'auto', padding: 24, outline: 'none' }} tabIndex={-1} data-testid="page-content">
          {connectionError && (
            <Alert type="warning" showIcon banner data-testid="connection-banner" title={connectionError.message} style={{ marginBottom: 16 }} />
          )}
          {status.auditAlert && <AuditAlertBanner alert={status.auditAlert} isAdmin={session.role === 'admin'} />}
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </Layout.Content>
        <StatusBar status={status} />
      </Layout>
    </Layout>
  );
}
