import type { ConsoleRole } from '../../../../../shared/console';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CopyOutlined,
  DatabaseOutlined,
  DesktopOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  FileSearchOutlined,
  FormOutlined,
  GlobalOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { placementConsoleText } from '../../../../../shared/i18n/zhCN.placementConsole';
import { deptConsoleText } from '../../../../../shared/i18n/zhCN.deptConsole';
import { opsConsoleText } from '../../../../../shared/i18n/zhCN.opsConsole';


export interface PageDef {
  key: string;
  /** Path pattern inside /console, e.g. `/applications/:id`. */
  path: string;
  label: string;
  icon?: ReactNode;
  /** Who sees it in the menu and may open it. Hiding is a courtesy: the server checks every call. */
  roles: readonly ConsoleRole[];
  /** Reached from another page, not listed in the menu. */
  hidden?: true;
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
}

const nav = consoleText.nav;
const everyone: readonly ConsoleRole[] = ['admin', 'reviewer', 'second_reviewer', 'school', 'viewer'];
const reviewers: readonly ConsoleRole[] = ['admin', 'reviewer', 'second_reviewer', 'school'];
const admins: readonly ConsoleRole[] = ['admin'];

export const pages: readonly PageDef[] = [
  { key: 'queue', path: '/queue', label: nav.queue, icon: <CheckSquareOutlined />, roles: everyone, page: lazy(() => import('../queue/components/QueuePage')) },
  {
    key: 'application',
    path: '/applications/:id',
    label: nav.queue,
    roles: reviewers,
    hidden: true,
    page: lazy(() => import('../review/components/ReviewPage')),
  },
  {
    key: 'duplicates',
    path: '/duplicates',
    label: nav.duplicates,
    icon: <CopyOutlined />,
    roles: ['admin', 'reviewer', 'second_reviewer'],
    page: lazy(() => import('../duplicates/components/DuplicatesPage')),
  },
  { key: 'counters', path: '/counters', label: nav.counters, icon: <DesktopOutlined />, roles: admins, page: lazy(() => import('../counters/components/CountersPage')) },
  { key: 'plans', path: '/plans', label: nav.plans, icon: <FileTextOutlined />, roles: admins, page: lazy(() => import('../plans/components/PlansPage')) },
  { key: 'staff', path: '/staff', label: nav.staff, icon: <TeamOutlined />, roles: admins, page: lazy(() => import('../staff/components/StaffPage')) },
  {
    key: 'placement',
    path: '/placement',
    label: placementConsoleText.nav.placement,
    icon: <ExperimentOutlined />,
    roles: ['admin', 'viewer'],
    page: lazy(() => import('../placement/components/PlacementPage')),
  },
  {
    key: 'lottery',
    path: '/lottery',
    label: placementConsoleText.nav.lottery,
    icon: <TrophyOutlined />,
    roles: ['admin', 'viewer'],
    page: lazy(() => import('../placement/components/CeremonyPage')),
  },
  {
    key: 'dept',
    path: '/dept',
    label: deptConsoleText.nav.dept,
    icon: <DatabaseOutlined />,
    roles: ['admin', 'reviewer', 'second_reviewer'],
    page: lazy(() => import('../dept/components/DeptPage')),
  },
  { key: 'tracing', path: '/tracing', label: deptConsoleText.nav.tracing, icon: <FileSearchOutlined />, roles: admins, page: lazy(() => import('../tracing/components/TracingPage')) },
  {
    key: 'tracingReport',
    path: '/tracing/report',
    label: deptConsoleText.nav.tracingReport,
    icon: <BarChartOutlined />,
    // The report is counts only (COUNTY.md: 只读 sees statistics); the worklist above has the children's names.
    roles: ['admin', 'viewer'],
    page: lazy(() => import('../tracing/components/TracingReportPage')),
  },
  { key: 'results', path: '/results', label: opsConsoleText.nav.results, icon: <FormOutlined />, roles: admins, page: lazy(() => import('../ops/components/ResultsPage')) },
  {
    key: 'verify',
    path: '/verify',
    label: opsConsoleText.nav.verify,
    icon: <SafetyCertificateOutlined />,
    roles: ['admin', 'reviewer', 'second_reviewer'],
    page: lazy(() => import('../ops/components/VerifyPage')),
  },
  { key: 'online', path: '/online', label: opsConsoleText.nav.online, icon: <GlobalOutlined />, roles: admins, page: lazy(() => import('../ops/components/OnlinePage')) },
  { key: 'sms', path: '/sms', label: opsConsoleText.nav.sms, icon: <MessageOutlined />, roles: admins, page: lazy(() => import('../ops/components/SmsPage')) },
  {
    key: 'reportIn',
    path: '/report-in',
    label: deptConsoleText.nav.reportIn,
    icon: <SafetyCertificateOutlined />,
    // 学校用户 only: the list is the school's own admissions (the server scopes it to the account's schools).
    roles: ['school'],
    page: lazy(() => import('../tracing/components/ReportInPage')),
  },
  { key: 'audit', path: '/audit', label: nav.audit, icon: <AuditOutlined />, roles: admins, page: lazy(() => import('../audit/components/AuditPage')) },
];

/** The page for a role's first screen. */
export function homePath(): string {
  return '/queue';
}

export function allowed(page: PageDef, role: string): boolean {
  return (page.roles as readonly string[]).includes(role);
}
