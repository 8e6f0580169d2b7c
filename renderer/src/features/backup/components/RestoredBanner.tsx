import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useSessionStore } from '../../session/store';

/** "2026-12-03 14:05" in the PC's time zone, without loading dayjs into the sign-in screen. */
function wallClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * On the sign-in screen after a restore, until someone signs in: which backup the desk now holds and, when it
 * came from another PC, that it must enroll again. Plain React and the sign-in screen's CSS (no antd).
 */
export function RestoredBanner() {
  const restored = useSessionStore((s) => s.status?.restored ?? null);
  if (!restored) return null;
  const t = zhCN.backup.restore;
  return (
    <div className="desk-first-banner desk-first-alert warning" role="status" data-testid="restored-banner">
      <strong>{t.signInTitle}</strong>
      <span>{format(t.signInBody, { at: wallClock(restored.archiveCreatedAt) })}</span>
      {restored.reenrollNeeded && <span data-testid="restored-reenroll">{t.reenroll}</span>}
    </div>
  );
}
