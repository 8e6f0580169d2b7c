/** `/scan/<applicationId>?item=<materialKey>&from=<path>`: the scan desk for one application. */
export function scanRouteOf(path: string): { applicationId: string | null; item: string | null; from: string | null } {
  const [bare = '', query = ''] = path.split('?');
  const m = /^\/scan\/([^/]+)/.exec(bare);
  const q = new URLSearchParams(query);
  return { applicationId: m?.[1] ? decodeURIComponent(m[1]) : null, item: q.get('item'), from: q.get('from') };
}

export function scanPath(applicationId: string, item?: string, from?: string): string {
  const q = new URLSearchParams();
  if (item) q.set('item', item);
  if (from) q.set('from', from);
  const qs = q.toString();
  return `/scan/${encodeURIComponent(applicationId)}${qs ? `?${qs}` : ''}`;
}
