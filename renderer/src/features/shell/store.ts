import { create } from 'zustand';

interface ShellStore {
  /** Current page path from the URL hash, e.g. `/staff`. */
  path: string;
  navigate: (path: string) => void;
  /** Follows the hash (typed URLs, back/forward). Returns the cleanup. */
  start: () => () => void;
}

function pathFromHash(): string {
  const hash = location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

export const useShellStore = create<ShellStore>()((set) => ({
  path: pathFromHash(),
  navigate(path) {
    if (location.hash !== `#${path}`) location.hash = path;
    set({ path });
  },
  start() {
    const onHash = () => set({ path: pathFromHash() });
    window.addEventListener('hashchange', onHash);
    onHash();
    return () => window.removeEventListener('hashchange', onHash);
  },
}));
