import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  CloudSyncOutlined,
  DatabaseOutlined,
  FormOutlined,
  HomeOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  ReadOutlined,
  PrinterOutlined,
  ScanOutlined,
} from '@ant-design/icons';
import type { Role } from '../../../../shared/contract';
import { zhCN } from '../../../../shared/i18n/zhCN';

export interface PageDef {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** Who sees it in the navigation and may open it. The core checks the same roles on every call. */
  roles: readonly Role[] | 'all';
  /** Filled by a later version; shown disabled in the navigation. */
  comingLater?: true;
  /** Reached from within another page (e.g. scanning from an application); not listed in the navigation. */
  hidden?: true;
  page?: LazyExoticComponent<ComponentType>;
}

const nav = zhCN.ui.shell.nav;

// Each feature page is its own chunk, loaded when first opened.
export const pages: readonly PageDef[] = [
  {
    key: 'home',
    path: '/',
    label: nav.home,
    icon: <HomeOutlined />,
    roles: 'all',
    page: lazy(() => import('../home/components/HomePage')),
  },
  {
    key: 'intake',
    path: '/intake',
    label: nav.intake,
    icon: <FormOutlined />,
    roles: 'all',
    page: lazy(() => import('../intake/components/IntakePage')),
  },
  {
    key: 'applications',
    path: '/applications',
    label: nav.applications,
    icon: <UnorderedListOutlined />,
    roles: 'all',
    page: lazy(() => import('../applications/components/ApplicationsPage')),
  },
  {
    key: 'plans',
    path: '/plans',
    label: nav.plans,
    icon: <ReadOutlined />,
    roles: 'all',
    page: lazy(() => import('../plans/components/PlansPage')),
  },
  {
    key: 'scan',
    path: '/scan',
    label: zhCN.documents.title,
    icon: <ScanOutlined />,
    roles: 'all',
    hidden: true,
    page: lazy(() => import('../documents/components/ScanPage')),
  },
  {
    key: 'print',
    path: '/print',
    label: zhCN.printing.screen.title,
    icon: <PrinterOutlined />,
    roles: 'all',
    hidden: true,
    page: lazy(() => import('../printing/components/PrintPage')),
  },
  {
    key: 'onceNotice',
    path: '/once-notice',
    label: zhCN.onceNotice.nav,
    icon: <PrinterOutlined />,
    roles: 'all',
    // Reached from the 工作台 (Alt+G): a menu item would shift the Alt+number shortcuts.
    hidden: true,
    page: lazy(() => import('../onceNotice/components/OnceNoticePage')),
  },
  {
    key: 'reports',
    path: '/reports',
    label: zhCN.reports.nav,
    icon: <BarChartOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('../reports/components/ReportsPage')),
  },
  {
    key: 'sync',
    path: '/sync',
    label: nav.sync,
    icon: <CloudSyncOutlined />,
    roles: 'all',
    page: lazy(() => import('../sync/components/SyncPage')),
  },
  {
    key: 'backup',
    path: '/backup',
    label: zhCN.backup.nav,
    icon: <DatabaseOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('../backup/components/BackupPage')),
  },
  {
    key: 'staff',
    path: '/staff',
    label: nav.staff,
    icon: <TeamOutlined />,
    roles: ['admin'],
    page: lazy(() => import('../staff/components/StaffPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    label: nav.audit,
    icon: <AuditOutlined />,
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('../audit/components/AuditPage')),
  },
  {
    key: 'settings',
    path: '/settings',
    label: nav.settings,
    icon: <SettingOutlined />,
    roles: ['admin'],
    page: lazy(() => import('../settings/components/SettingsPage')),
  },
  // Last, so adding it moved no page's Alt+digit (an admin's eleventh page has none; a clerk's is Alt+6).
  {
    key: 'followups',
    path: '/followups',
    label: zhCN.reports.followupsNav,
    icon: <CarryOutOutlined />,
    roles: 'all',
    page: lazy(() => import('../followUps/components/FollowUpsPage')),
  },
];

/** The page for a path; sub-paths (`/applications/<id>`, `/intake/<draftId>`) belong to their page. */
export function pageFor(path: string): PageDef | undefined {
  const bare = path.split('?')[0] ?? path;
  return pages.find((p) => p.path === bare || (p.path !== '/' && bare.startsWith(`${p.path}/`)));
}
