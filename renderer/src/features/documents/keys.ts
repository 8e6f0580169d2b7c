import { format, zhCN } from '../../../../shared/i18n/zhCN';

const t = zhCN.documents.camera;

/** Why getUserMedia failed, in words the clerk can act on. */
export function cameraError(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return t.denied;
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return t.busy;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t.noDevice;
  return format(t.failed, { reason: e instanceof Error ? e.message : String(e) });
}

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.getAttribute('role') === 'combobox';
}
