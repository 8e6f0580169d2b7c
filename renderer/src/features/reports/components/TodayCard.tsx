import { useEffect } from 'react';
import dayjs from 'dayjs';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { NO_FILTERS, useApplicationsStore } from '../../applications/store';
import { printPath } from '../../printing/printRoute';
import { usePrintingStore } from '../../printing/store';
import { hasRole, useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { useReportsStore } from '../store';

const t = zhCN.reports.today;

const { query: _query, ...noFilters } = NO_FILTERS;

function openList(patch: Partial<typeof noFilters>): void {
  const apps = useApplicationsStore.getState();
  apps.setQuery('');
  apps.setFilters({ ...noFilters, ...patch });
  useShellStore.getState().navigate('/applications');
}

async function openFailedPrint(): Promise<void> {
  await usePrintingStore.getState().loadQueue();
  const job = usePrintingStore.getState().queue.find((j) => j.error);
  if (job) useShellStore.getState().navigate(printPath(job.applicationId, job.kind, '/'));
}

/** 工作台 today: each number opens the list behind it. */
export function TodayCard() {
  const counts = useReportsStore((s) => s.today);
  const role = useSessionStore((s) => s.status?.session?.role);
  useEffect(() => useReportsStore.getState().startToday(), []);
  if (!counts) return null;
  const canBackup = hasRole(role, ['supervisor', 'admin']);
  const tile = (key: string, title: string, value: number | string, onClick: (() => void) | null, warn = false) => (
    <Col xs={12} md={8} xl={4} key={key}>
      <Card
        size="small"
        hoverable={onClick !== null}
        onClick={onClick ?? undefined}
        onKeyDown={(e) => onClick && (e.key === 'Enter' || e.key === ' ') && onClick()}
        tabIndex={onClick ? 0 : undefined}
        role={onClick ? 'button' : undefined}
        aria-label={`${title} ${value}`}
        data-testid={`today-${key}`}
        style={{ height: '100%', borderColor: warn ? '#faad14' : undefined }}
      >
        <Statistic title={title} value={value} valueStyle={warn ? { color: '#ad6800' } : undefined} />
      </Card>
    </Col>
  );
  return (
    <Card title={format(t.title, { day: counts.day })} style={{ marginBottom: 16 }} data-testid="today-card">
      <Row gutter={[12, 12]}>
        {tile('taken', t.taken, counts.taken, () => openList({ from: counts.day, to: counts.day, includeDrafts: false }))}
        {tile('drafts', t.drafts, counts.draftsWaiting, () => openList({ status: ['draft'] }))}
        {tile('followups', t.followUps, counts.followUpsDue, () => useShellStore.getState().navigate('/followups'), counts.followUpsDue > 0)}
        {tile('not-uploaded', t.notUploaded, counts.notUploaded, () => openList({ syncState: ['unsynced', 'uploading'], includeDrafts: false }))}
        {tile('print-failed', t.printFailed, counts.printFailed, counts.printFailed > 0 ? () => void openFailedPrint() : null, counts.printFailed > 0)}
        {tile('backup', t.lastBackup, counts.lastBackupAt ? dayjs(counts.lastBackupAt).format('MM-DD HH:mm') : t.noBackup, canBackup ? () => useShellStore.getState().navigate('/backup') : null, counts.backupStale)}
      </Row>
      {counts.reenrollNeeded && <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="today-reenroll" title={zhCN.backup.home.reenroll} />}
      {counts.backupStale && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="today-backup-warning" title={counts.lastBackupAt ? t.backupOld : t.noBackup} />
      )}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t.open}
      </Typography.Text>
    </Card>
  );
}
