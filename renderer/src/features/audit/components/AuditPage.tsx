import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Alert, Button, Card, Flex, Space, Table, Typography, type TableProps } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined, SafetyOutlined } from '@ant-design/icons';
import type { AuditEntry } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { auditActionLabel, auditDetailsText, printNamesOf } from '../../../../../shared/i18n/auditLines';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useAuditStore } from '../store';
import { PageTitle } from '../../../lib/PageTitle';

/** The separate columns' widths in rem (they grow with the text size) and the least the details column needs. */
const WIDE = { seq: 4, at: 10.5, actor: 9, action: 9, target: 8, detailsMin: 16 };

/**
 * True where the six columns would not fit beside each other (150 % scaling, 特大 text): the table then shows three
 * — 时间 with its 序号, 操作人 with 操作, 对象 with 详情 — so nothing needs sideways scrolling (issue 10).
 */
function useCompact(): [RefObject<HTMLDivElement | null>, boolean] {
  const ref = useRef<HTMLDivElement>(null);
  const [compact, setCompact] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const need = (WIDE.seq + WIDE.at + WIDE.actor + WIDE.action + WIDE.target + WIDE.detailsMin) * rem;
      setCompact(el.clientWidth > 0 && el.clientWidth < need);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(document.documentElement);
    return () => observer.disconnect();
  }, []);
  return [ref, compact];
}

/** 审计日志 (supervisor, admin): newest first, a page at a time, with a chain check. */
export default function AuditPage() {
  const t = zhCN.ui.audit;
  const { entries, cursors, hasOlder, loading, error, verification, verifying } = useAuditStore();

  useEffect(() => {
    void useAuditStore.getState().loadNewest();
  }, []);

  const [tableRef, compact] = useCompact();
  const actionText = (action: string) => <span title={action}>{auditActionLabel(action)}</span>;
  const targetText = (target: string | null) => (
    <span title={target ?? ''} style={{ wordBreak: 'break-all' }}>
      {target ?? ''}
    </span>
  );
  const time = (iso: string) => localTime(iso, true);
  // A cancelled print job and its document named from the page's own print entries where it holds them.
  const names = printNamesOf(entries, time);
  const detailsCell = (details: Record<string, unknown>, e: AuditEntry) => (
    <Typography.Text type="secondary" style={{ fontSize: '0.75rem', wordBreak: 'break-all' }}>
      {auditDetailsText(e.action, details, time, names)}
    </Typography.Text>
  );
  const wide: TableProps<AuditEntry>['columns'] = [
    { title: t.columns.seq, dataIndex: 'seq', width: `${WIDE.seq}rem` },
    { title: t.columns.at, dataIndex: 'at', width: `${WIDE.at}rem`, render: (at: string) => localTime(at, true) },
    { title: t.columns.actor, dataIndex: 'actorName', width: `${WIDE.actor}rem`, render: (name: string | null) => name ?? t.system },
    { title: t.columns.action, dataIndex: 'action', width: `${WIDE.action}rem`, render: actionText },
    { title: t.columns.target, dataIndex: 'target', width: `${WIDE.target}rem`, ellipsis: true, render: targetText },
    { title: t.columns.details, dataIndex: 'details', render: detailsCell },
  ];
  const stacked = (first: ReactNode, second: ReactNode) => (
    <Flex vertical gap={2}>
      <span>{first}</span>
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
        {second}
      </Typography.Text>
    </Flex>
  );
  const narrow: TableProps<AuditEntry>['columns'] = [
    {
      title: `${t.columns.at} / ${t.columns.seq}`,
      key: 'at',
      width: '7rem',
      render: (_v, e) => stacked(localTime(e.at, true), `${t.columns.seq} ${e.seq}`),
    },
    { title: `${t.columns.actor} / ${t.columns.action}`, key: 'actor', width: '8rem', render: (_v, e) => stacked(e.actorName ?? t.system, actionText(e.action)) },
    {
      title: `${t.columns.target} / ${t.columns.details}`,
      key: 'details',
      render: (_v, e) => (
        <Flex vertical gap={2}>
          {e.target && targetText(e.target)}
          {detailsCell(e.details, e)}
        </Flex>
      ),
    },
  ];

  return (
    <div data-testid="audit-page">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <PageTitle>{t.title}</PageTitle>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void useAuditStore.getState().loadNewest()}>
            {zhCN.ui.common.refresh}
          </Button>
          <Button
            type="primary"
            icon={<SafetyOutlined />}
            loading={verifying}
            onClick={() => void useAuditStore.getState().verify()}
            data-testid="audit-verify"
          >
            {t.verify}
          </Button>
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="audit-error" />
      {verification && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          data-testid="audit-verify-result"
          type={verification.ok ? 'success' : 'error'}
          title={
            verification.ok
              ? format(t.verifyOk, { checked: verification.checked })
              : format(t.verifyBad, { problem: verification.problem ?? '', checked: verification.checked })
          }
        />
      )}
      {verification && verification.incidents.length > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type="warning"
          data-testid="audit-incidents"
          title={t.incidentsTitle}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {verification.incidents.map((i) => (
                <li key={i.seq}>
                  {format(t.incidentLine, {
                    at: localTime(i.at, true),
                    seq: i.seq,
                    problem: i.problem,
                    ack: i.acknowledgedBy ? format(t.incidentAcknowledged, { by: i.acknowledgedBy }) : t.incidentOpen,
                  })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card styles={{ body: { padding: 0 } }} ref={tableRef}>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          data-testid="audit-table"
          data-layout={compact ? 'compact' : 'wide'}
          tableLayout="fixed"
          columns={compact ? narrow : wide}
          dataSource={entries}
          loading={loading}
          pagination={false}
          locale={{ emptyText: t.empty }}
        />
      </Card>
      <Flex justify="end" align="center" gap={12} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{format(t.pageInfo, { page: cursors.length })}</Typography.Text>
        <Button icon={<LeftOutlined />} disabled={cursors.length <= 1 || loading} onClick={() => void useAuditStore.getState().loadNewer()}>
          {t.newer}
        </Button>
        <Button disabled={!hasOlder || loading} onClick={() => void useAuditStore.getState().loadOlder()} data-testid="audit-older">
          {t.older}
          <RightOutlined />
        </Button>
      </Flex>
    </div>
  );
}
