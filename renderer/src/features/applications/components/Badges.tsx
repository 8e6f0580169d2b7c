import { Badge, Tag, type BadgeProps } from 'antd';
import type { ApplicationStatus, SyncState } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { AA_TAG_TEXT, SECONDARY_TEXT } from '../../../app/theme';

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
// (no antd component per row), coloured like the antd ones used on the detail view (text at AA, app/theme.ts).
const TAG_COLOURS: Record<string, [string, string, string]> = {
  default: ['#595959', '#fafafa', '#d9d9d9'],
  blue: ['#0958d9', '#e6f4ff', '#91caff'],
  geekblue: ['#1d39c4', '#f0f5ff', '#adc6ff'],
  orange: [AA_TAG_TEXT.orange, '#fff7e6', '#ffd591'],
  red: ['#cf1322', '#fff1f0', '#ffa39e'],
  cyan: [AA_TAG_TEXT.cyan, '#e6fffb', '#87e8de'],
  purple: ['#531dab', '#f9f0ff', '#d3adf7'],
  green: [AA_TAG_TEXT.green, '#f6ffed', '#b7eb8f'],
  volcano: [AA_TAG_TEXT.volcano, '#fff2e8', '#ffbb96'],
  gold: [AA_TAG_TEXT.gold, '#fffbe6', '#ffe58f'],
  lime: [AA_TAG_TEXT.lime, '#fcffe6', '#eaff8f'],
};
const DOT_COLOURS: Record<NonNullable<BadgeProps['status']>, string> = {
  default: '#bfbfbf',
  processing: '#1677ff',
  success: '#52c41a',
  warning: '#faad14',
  error: '#ff4d4f',
};

/**
 * The list's status. A placement the public lottery decided reads 中签 / 未中签 (issue 13: what the family asks first),
 * the placement itself (已录取 / 待调剂 / 已调剂) in its tooltip and on the detail.
 */
export function StatusChip({ status, lottery }: { status: ApplicationStatus; lottery?: 'won' | 'lost' | undefined }) {
  const shown: ApplicationStatus = lottery === 'won' ? 'lottery_won' : lottery === 'lost' ? 'lottery_lost' : status;
  const [color, background, border] = TAG_COLOURS[STATUS_COLOR[shown]] ?? TAG_COLOURS.default!;
  const l = zhCN.apps.labels.status;
  return (
    <span
      data-status={status}
      data-lottery={lottery}
      title={lottery ? format(zhCN.apps.detail.result.listTitle, { status: l[status], lottery: l[shown] }) : undefined}
      style={{
        display: 'inline-block',
        padding: '0 7px',
        fontSize: '0.75rem',
        lineHeight: '20px',
        borderRadius: 4,
        border: `1px solid ${border}`,
        color: status === 'void' ? SECONDARY_TEXT : color,
        background,
        whiteSpace: 'nowrap',
        textDecoration: status === 'void' ? 'line-through' : undefined,
      }}
    >
      {l[shown]}
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
      style={{ marginInlineEnd: 0, ...(status === 'void' ? { textDecoration: 'line-through', color: SECONDARY_TEXT } : {}) }}
    >
      {zhCN.apps.labels.status[status]}
    </Tag>
  );
}

export function SyncBadge({ state, testId }: { state: SyncState; testId?: string }) {
  return <Badge status={SYNC_STATUS[state]} text={zhCN.apps.labels.sync[state]} data-testid={testId} data-sync={state} />;
}
