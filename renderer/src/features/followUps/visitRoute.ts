/** `/followups/<applicationId>?from=<path>`: one return visit, and where its back button goes (申请详情 or the due list). */
export function visitPath(applicationId: string, from?: string): string {
  const base = `/followups/${encodeURIComponent(applicationId)}`;
  return from ? `${base}?${new URLSearchParams({ from }).toString()}` : base;
}

export function visitRouteOf(path: string): { applicationId: string | null; from: string | null } {
  const [bare = '', query = ''] = path.split('?');
  const m = /^\/followups\/([^/]+)/.exec(bare);
  const from = new URLSearchParams(query).get('from');
  // Only a page of this desk (a path), never an address elsewhere.
  return { applicationId: m?.[1] ? decodeURIComponent(m[1]) : null, from: from?.startsWith('/') ? from : null };
}
