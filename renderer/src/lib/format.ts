import dayjs from 'dayjs';

/** Local wall-clock time for an ISO timestamp, e.g. 2025-05-06 14:03. */
export function localTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : iso;
}
