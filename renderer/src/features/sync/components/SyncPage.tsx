import { useEffect } from 'react';
import { App, Alert, Button, Card, Descriptions, Empty, Flex, List, Progress, Space, Tag, Typography } from 'antd';
import { CloudSyncOutlined, DownloadOutlined, PauseCircleOutlined, PlayCircleOutlined, SettingOutlined } from '@ant-design/icons';
import type { SyncAttentionItem, SyncPhase } from '../../../../../shared/contract/sync';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { hasRole, useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { SyncBadge } from '../../applications/components/Badges';
import { downloadText, useSyncStore } from '../store';
import { PageTitle } from '../../../lib/PageTitle';

const PHASE_COLOUR: Record<SyncPhase, string> = {
  notConfigured: 'default',
  idle: 'success',
  running: 'processing',
  offline: 'warning',
  paused: 'default',
  revoked: 'error',
};

function AttentionItem({ item }: { item: SyncAttentionItem }) {
  const t = zhCN.sync.page;
  const { message } = App.useApp();
  const role = useSessionStore((s) => s.status?.session?.role);
  const supervisor = hasRole(role, ['supervisor', 'admin']);
  const accept = async () => {
    const err = await useSyncStore.getState().acceptHeld(item.applicationId);
    if (err) void message.error(err.message);
  };
  return (
    <List.Item
      data-testid="sync-attention-item"
      data-app={item.applicationId}
      actions={[
        <Button key="open" size="small" onClick={() => useShellStore.getState().navigate(`/applications/${item.applicationId}`)}>
          {t.openRecord}
        </Button>,
        ...(item.heldResult && supervisor
          ? [
              <Button key="accept" size="small" type="primary" data-testid="sync-accept-held" onClick={() => void accept()}>
                {t.acceptResult}
              </Button>,
            ]
          : []),
      ]}
    >
      <List.Item.Meta
        title={
          <Space wrap>
            <SyncBadge state={item.state} />
            <span>{item.childName ?? '—'}</span>
            <Typography.Text type="secondary">
              {t.receipt} {item.receiptNo ?? '—'}
            </Typography.Text>
          </Space>
        }
        description={
          <Flex vertical gap={4}>
            {item.heldResult && <Typography.Text>{format(t.heldResult, { outcome: zhCN.apps.labels.status[item.heldResult.outcome] })}</Typography.Text>}
            {item.reasons.length > 0 && (
              <Typography.Text>
                {t.reasons}：{item.reasons.join('；')}
              </Typography.Text>
            )}
            {item.duplicates.length > 0 && (
              <Typography.Text type="warning">
                {format(t.duplicates, { list: item.duplicates.map((d) => format(t.duplicateAt, { receipt: d.receiptNo, source: d.source === 'online' ? t.duplicateOnline : d.counterCode })).join('，') })}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">
              {t.advice}：{item.advice}
            </Typography.Text>
          </Flex>
        }
      />
    </List.Item>
  );
}

/** 数据同步: what is waiting, what went wrong, and what staff can do about it. */
export default function SyncPage() {
  const t = zhCN.sync.page;
  const { status, attention, error, busy } = useSyncStore();
  const role = useSessionStore((s) => s.status?.session?.role);
  const supervisor = hasRole(role, ['supervisor', 'admin']);
  const admin = hasRole(role, ['admin']);

  // Live while the page is open: progress events, record changes, and a light poll for the phase.
  useEffect(() => useSyncStore.getState().start(), []);

  const exportLog = async () => {
    const file = await useSyncStore.getState().exportLog();
    if (file) downloadText(file.fileName, file.content);
  };

  const pending = status ? status.counts.unsynced + status.counts.uploading : 0;
  const p = status?.progress;
  return (
    <div data-testid="sync-page" style={{ maxWidth: 960 }}>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Space>
          <PageTitle>{t.title}</PageTitle>
          {status && (
            <Tag color={PHASE_COLOUR[status.phase]} data-testid="sync-phase" data-phase={status.phase}>
              {zhCN.sync.phase[status.phase]}
            </Tag>
          )}
        </Space>
        <Space wrap>
          <Button
            type="primary"
            icon={<CloudSyncOutlined />}
            data-testid="sync-now"
            loading={busy === 'sync.syncNow'}
            disabled={!status?.enrolled || status.paused}
            onClick={() => void useSyncStore.getState().act('sync.syncNow')}
          >
            {t.syncNow}
          </Button>
          {supervisor &&
            (status?.paused ? (
              <Button icon={<PlayCircleOutlined />} data-testid="sync-resume" onClick={() => void useSyncStore.getState().act('sync.resume')}>
                {t.resume}
              </Button>
            ) : (
              <Button icon={<PauseCircleOutlined />} data-testid="sync-pause" disabled={!status?.enrolled} onClick={() => void useSyncStore.getState().act('sync.pause')}>
                {t.pause}
              </Button>
            ))}
          <Button icon={<DownloadOutlined />} data-testid="sync-export-log" onClick={() => void exportLog()}>
            {t.exportLog}
          </Button>
          {admin && (
            <Button icon={<SettingOutlined />} onClick={() => useShellStore.getState().navigate('/settings')}>
              {t.settingsLink}
            </Button>
          )}
        </Space>
      </Flex>
      <ErrorAlert error={error} testId="sync-error" />
      {status?.lastError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="sync-last-error" title={status.lastError} />}
      {status?.phase === 'notConfigured' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={zhCN.errors.SYNC_NOT_CONFIGURED} />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t.pending}>
            <span data-testid="sync-pending">{pending}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.confirmed}>
            <span data-testid="sync-confirmed">{status?.counts.confirmed ?? 0}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.lastSuccess}>
            <span data-testid="sync-last-success">{status?.lastSuccessAt ? localTime(status.lastSuccessAt, true) : t.never}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.nextAttempt}>{status?.nextAttemptAt ? localTime(status.nextAttemptAt, true) : '—'}</Descriptions.Item>
        </Descriptions>
        {p && (
          <div data-testid="sync-progress">
            <Progress percent={p.total ? Math.round((p.done / p.total) * 100) : 0} status="active" />
            <Typography.Text type="secondary">{format(t.progress, { done: p.done, total: p.total, mb: (p.bytes / 1048576).toFixed(1) })}</Typography.Text>
          </div>
        )}
      </Card>
      <Card title={t.attentionTitle}>
        {attention.length === 0 ? (
          <Empty description={t.attentionEmpty} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List data-testid="sync-attention" dataSource={attention} renderItem={(item) => <AttentionItem item={item} />} />
        )}
      </Card>
    </div>
  );
}
