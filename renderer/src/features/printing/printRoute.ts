import { documentKinds, type DocumentKind } from '../../../../shared/print/types';

/** `/print/<applicationId>?kind=<document>&from=<path>`: preview and print one application's documents. */
export function printRouteOf(path: string): { applicationId: string | null; kind: DocumentKind; from: string | null } {
  const [bare = '', query = ''] = path.split('?');
  const m = /^\/print\/([^/]+)/.exec(bare);
  const q = new URLSearchParams(query);
  const kind = q.get('kind');
  return {
    applicationId: m?.[1] ? decodeURIComponent(m[1]) : null,
    kind: documentKinds.includes(kind as DocumentKind) ? (kind as DocumentKind) : 'receipt',
    from: q.get('from'),
  };
}

export function printPath(applicationId: string, kind: DocumentKind = 'receipt', from?: string): string {
  const q = new URLSearchParams({ kind });
  if (from) q.set('from', from);
  return `/print/${encodeURIComponent(applicationId)}?${q.toString()}`;
}
