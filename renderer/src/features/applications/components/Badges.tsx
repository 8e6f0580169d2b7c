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

// The list draws thousands of rows while scrolling: there the tag and badge are plain styled spans
// (no antd component per row), coloured like the antd ones used on the detail view.
const TAG_COLOURS: Record<string, [string, string, string]> = {
  default: ['#595959', '#fafafa', '#d9d9d9'],
  blue: ['#0958d9', '#e6f4ff', '#91caff'],
  geekblue: ['#1d39c4', '#f0f5ff', '#adc6ff'],
  orange: ['#d46b08', '#fff7e6', '#ffd591'],
  red: ['#cf1322', '#fff1f0', '#ffa39e'],
  cyan: ['#08979c', '#e6fffb', '#87e8de'],
  purple: ['#531dab', '#f9f0ff', '#d3adf7'],
  green: ['#389e0d', '#f6ffed', '#b7eb8f'],
  volcano: ['#d4380d', '#fff2e8', '#ffbb96'],
  gold: ['#d48806', '#fffbe6', '#ffe58f'],
  lime: ['#7cb305', '#fcffe6', '#eaff8f'],
};
const DOT_COLOURS: Record<NonNullable<BadgeProps['status']>, string> = {
  default: '#bfbfbf',
  processing: '#1677ff',
  success: '#52c41a',
  warning: '#faad14',
  error: '#ff4d4f',
};

export function StatusChip({ status }: { status: ApplicationStatus }) {
  const [color, background, border] = TAG_COLOURS[STATUS_COLOR[status]] ?? TAG_COLOURS.default!;
  return (
    <span
      data-status={status}
      style={{
        display: 'inline-block',
        padding: '0 7px',
        fontSize: 12,
        lineHeight: '20px',
        borderRadius: 4,
        border: `1px solid ${border}`,
        color: status === 'void' ? '#8c8c8c' : color,
        background,
        whiteSpace: 'nowrap',
        textDecoration: status === 'void' ? 'line-through' : undefined,
      }}
    >
      {zhCN.apps.labels.status[status]}
    </span>
  );
}

export function SyncDot({ state }: { state: SyncState }) {
  return (
    <span data-sync={state} style={{ whiteSpace: 'nowrap' }}>
      <span style={{ display: 'inline-block', width: 6, height: 6, borderRadius: 3, background: DOT_COLOURS[SYNC_STATUS[state]], marginInlineEnd: 6, verticalAlign: 'middle' }} />
      {zhCN.apps.labels.sync[state]}
    </span>
  );
}

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
