import { Badge, Tag, type BadgeProps } from 'antd';
import type { ApplicationStatus, SyncState } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';

const STATUS_COLOR: Record<ApplicationStatus, string> = {
  draft: 'default',
  accepted: 'blue',
  under_review: 'geekblue',
  needs_materials: 'orange',
  rejected: 'red',
  approved: 'cyan',
  awaiting_lottery: 'purple',
  lottery_won: 'green',
  lottery_lost: 'volcano',
  admitted: 'green',
  awaiting_reassignment: 'gold',
  reassigned: 'lime',
  reported: 'green',
  void: 'default',
};

const SYNC_STATUS: Record<SyncState, NonNullable<BadgeProps['status']>> = {
  unsynced: 'default',
  uploading: 'processing',
  confirmed: 'success',
  returned: 'warning',
  conflict: 'error',
  quarantined: 'error',
};

export function StatusTag({ status, testId }: { status: ApplicationStatus; testId?: string }) {
  return (
    <Tag
      color={STATUS_COLOR[status]}
      data-testid={testId}
      data-status={status}
      style={{ marginInlineEnd: 0, ...(status === 'void' ? { textDecoration: 'line-through', color: '#8c8c8c' } : {}) }}
    >
      {zhCN.apps.labels.status[status]}
    </Tag>
  );
}

export function SyncBadge({ state, testId }: { state: SyncState; testId?: string }) {
  return <Badge status={SYNC_STATUS[state]} text={zhCN.apps.labels.sync[state]} data-testid={testId} data-sync={state} />;
}
