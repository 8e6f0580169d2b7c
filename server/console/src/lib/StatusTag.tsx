import type { QueueStatus } from '../../../../shared/console';
import { consoleApiText } from '../../../../shared/i18n/zhCN.consoleApi';
import { Chip, type Tone } from './Chip';

const COLORS: Record<QueueStatus, Tone> = {
  pending: 'blue',
  needs_materials: 'gold',
  rejection_pending: 'orange',
  approved: 'green',
  rejected: 'red',
  admitted: 'cyan',
  awaiting_reassignment: 'magenta',
  reassigned: 'geekblue',
  withdrawn: 'default',
  voided: 'default',
};

export function StatusTag({ status }: { status: QueueStatus }) {
  return (
    <Chip color={COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="status-tag" data-status={status}>
      {consoleApiText.statuses[status]}
    </Chip>
  );
}
