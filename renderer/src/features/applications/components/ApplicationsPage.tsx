import { useEffect } from 'react';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { useApplicationsStore } from '../store';
import { ApplicationDetail } from './ApplicationDetail';
import { ApplicationList } from './ApplicationList';

/** `/applications/<id>` is one application's detail; anything else under the page is the list. */
export function detailIdOf(path: string): string | null {
  const m = /^\/applications\/([^/?#]+)/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** 申请列表 and 申请详情. The list keeps its query and scroll position while a detail is open. */
export default function ApplicationsPage() {
  const path = useShellStore((s) => s.path);
  const id = detailIdOf(path);

  useEffect(() => {
    void usePlansStore.getState().loadActive();
    return useApplicationsStore.getState().start();
  }, []);

  return id ? <ApplicationDetail id={id} /> : <ApplicationList />;
}
