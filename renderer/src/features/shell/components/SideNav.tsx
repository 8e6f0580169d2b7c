import { useEffect, type KeyboardEvent } from 'react';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { PageDef } from '../routes';
import { useShellStore } from '../store';

/** Alt+1 … Alt+9 open the first nine pages of the menu, Alt+0 the tenth. */
export const SHORTCUT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** Which page an Alt+digit opens: the enabled menu items in order. */
export function shortcutTargets(items: readonly PageDef[]): Map<string, PageDef> {
  const enabled = items.filter((p) => !p.comingLater);
  return new Map(enabled.slice(0, SHORTCUT_KEYS.length).map((p, i) => [SHORTCUT_KEYS[i]!, p]));
}

function go(page: PageDef): void {
  useShellStore.getState().navigate(page.path);
  // The page takes the keyboard: its own first field (search box, wizard) claims focus as it mounts;
  // otherwise the content region does, so Tab continues inside the page.
  requestAnimationFrame(() => {
    const content = document.querySelector<HTMLElement>('[data-testid="page-content"]');
    if (content && !content.contains(document.activeElement)) content.focus({ preventScroll: true });
  });
}

/**
 * The side menu: one link per page, each its own Tab stop, with the Alt+digit that opens it from
 * anywhere shown beside it. Keys pressed in the menu end here: the Enter that opens 申请列表 must not
 * reach the list page's own Enter (open the selected row), which mounts while that Enter is still travelling.
 */
export function SideNav({ items, currentKey }: { items: readonly PageDef[]; currentKey: string | undefined }) {
  const t = zhCN.ui.shell.nav;
  const targets = shortcutTargets(items);
  const keyOf = new Map([...targets].map(([k, p]) => [p.key, k]));

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // e.code, not e.key: with Alt held some layouts and IMEs report another character.
      const digit = /^Digit(\d)$/.exec(e.code)?.[1] ?? /^Numpad(\d)$/.exec(e.code)?.[1];
      const page = digit === undefined ? undefined : targets.get(digit);
      if (!page) return;
      // Not under the lock screen, and not over an open dialog.
      if (document.querySelector('[data-testid="lock-overlay"], .ant-modal-wrap:not([style*="display: none"])')) return;
      e.preventDefault();
      e.stopPropagation();
      go(page);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
  };

  return (
    <nav aria-label={t.label} className="desk-nav" onKeyDown={onKeyDown}>
      <ul>
        {items.map((p) => {
          const key = keyOf.get(p.key);
          const current = p.key === currentKey;
          if (p.comingLater) {
            return (
              <li key={p.key}>
                <span className="desk-nav-item" aria-disabled="true" data-testid={`nav-${p.key}`}>
                  <span className="desk-nav-icon">{p.icon}</span>
                  <span className="desk-nav-label">{p.label}</span>
                  <span className="desk-nav-hint">{t.comingLater}</span>
                </span>
              </li>
            );
          }
          const shortcut = key ? format(t.shortcut, { key }) : undefined;
          return (
            <li key={p.key}>
              <a
                href={`#${p.path}`}
                className="desk-nav-item"
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={shortcut}
                data-testid={`nav-${p.key}`}
                onClick={(e) => {
                  e.preventDefault();
                  go(p);
                }}
              >
                <span className="desk-nav-icon">{p.icon}</span>
                <span className="desk-nav-label">{p.label}</span>
                {shortcut && (
                  <kbd className="desk-nav-hint" aria-hidden="true">
                    {shortcut}
                  </kbd>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
