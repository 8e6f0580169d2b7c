import type { ReactNode } from 'react';
import { BASE, useShellStore } from '../../shell/store';

/** A link to another console page, opened in place (a real href, so a new tab works too). */
export function PageLink({ path, children, testId }: { path: string; children: ReactNode; testId?: string }) {
  return (
    <a
      href={BASE + path}
      data-testid={testId}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        useShellStore.getState().navigate(path);
      }}
    >
      {children}
    </a>
  );
}
