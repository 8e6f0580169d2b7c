import dayjs from 'dayjs';
import type { Role } from '../../../shared/contract';
import { format, zhCN } from '../../../shared/i18n/zhCN';

/** Local wall-clock time for an ISO timestamp, e.g. 2025-05-06 14:03. */
export function localTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : iso;
}

/** "张三（管理员）" */
export function staffLabel(name: string, role: Role): string {
  return format(zhCN.ui.shell.header.staffLine, { name, role: zhCN.roles[role] });
}
