import { create } from 'zustand';

/** Where the console lives; the server answers every path below it with the app (SPA fallback). */
export const BASE = '/console';

function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/';
  return (p || '/') + location.search;
}

interface ShellStore {
  /** Path inside the console with its query, e.g. `/applications/abc` or `/queue?status=submitted`. */
  path: string;
  navigate: (path: string, opts?: { replace?: boolean }) => void;
  /** Follows back/forward. Returns the cleanup. */
  start: () => () => void;
}

export const useShellStore = create<ShellStore>()((set) => ({
  path: currentPath(),
  navigate(path, opts) {
    const url = BASE + path;
    if (location.pathname + location.search !== url) {
      if (opts?.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    set({ path });
  },
  start() {
    const onPop = () => set({ path: currentPath() });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  },
}));

/** `/applications/:id` against `/applications/abc?x=1` → { id: 'abc' }; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const [pathname = ''] = path.split('?');
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}
