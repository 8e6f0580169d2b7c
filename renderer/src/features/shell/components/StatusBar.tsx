import type { ReactNode } from 'react';
import { Badge, Divider, Flex, Typography } from 'antd';
import type { DeskStatus } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';

function syncState(sync: DeskStatus['sync']): { text: string; badge: 'default' | 'success' | 'error' } {
  const t = zhCN.ui.shell.statusBar;
  if (!sync.configured) return { text: t.syncNotConfigured, badge: 'default' };
  return sync.online ? { text: t.online, badge: 'success' } : { text: t.offline, badge: 'error' };
}

function Item({ children, testId, title }: { children: ReactNode; testId: string; title?: string }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: '0.75rem', whiteSpace: 'nowrap' }} data-testid={testId} title={title}>
      {children}
    </Typography.Text>
  );
}

/** Always-visible facts about this desk at the bottom of the main frame. */
export function StatusBar({ status }: { status: DeskStatus }) {
  const t = zhCN.ui.shell.statusBar;
  const { counter, session, sync } = status;
  const state = syncState(sync);
  return (
    <Flex
      component="footer"
      role="contentinfo"
      aria-label={t.label}
      data-testid="status-bar"
      align="center"
      wrap
      style={{ minHeight: '1.875rem', padding: '0.125rem 16px', background: '#e8ecf1', borderTop: '1px solid #d5dbe3', flex: 'none' }}
      gap={0}
    >
      {counter && <Item testId="status-counter">{format(t.counter, { name: counter.counterName, code: counter.counterCode })}</Item>}
      <Divider orientation="vertical" />
      {session && <Item testId="status-staff">{format(t.staff, { name: session.displayName, role: zhCN.roles[session.role] })}</Item>}
      <Divider orientation="vertical" />
      <Item testId="status-sync" {...(sync.lastSuccessAt ? { title: format(t.lastSync, { at: localTime(sync.lastSuccessAt) }) } : {})}>
        <Badge status={state.badge} style={{ marginRight: 6 }} />
        {state.text}
      </Item>
      <Divider orientation="vertical" />
      <Item testId="status-pending">{format(t.pending, { count: sync.pendingUploads })}</Item>
      {sync.lastSuccessAt && (
        <>
          <Divider orientation="vertical" />
          <Item testId="status-last-sync">{format(t.lastSync, { at: localTime(sync.lastSuccessAt) })}</Item>
        </>
      )}
      <div style={{ flex: 1 }} />
      <Item testId="status-version">{format(t.version, { version: status.appVersion })}</Item>
    </Flex>
  );
}
