import { useEffect } from 'react';
import { Alert, Button, Card, Flex, Space, Table, Typography, type TableProps } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined, SafetyOutlined } from '@ant-design/icons';
import type { AuditEntry } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useAuditStore } from '../store';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ROLE_KEYS = new Set(['role', 'from', 'to']);

function isRole(value: string): value is keyof typeof zhCN.roles {
  return Object.prototype.hasOwnProperty.call(zhCN.roles, value);
}

/** Audit details as staff can read them: Chinese field names, local times, role names. */
function detailValue(key: string, value: unknown): string {
  const t = zhCN.ui.audit;
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return localTime(value, true);
    if (ROLE_KEYS.has(key) && isRole(value)) return zhCN.roles[value];
    return t.detailValues[value] ?? value;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return `{${detailsText(value as Record<string, unknown>)}}`;
  }
  return JSON.stringify(value);
}

function detailsText(details: Record<string, unknown>): string {
  const t = zhCN.ui.audit;
  return Object.entries(details)
    .map(([key, value]) => format(t.detailPair, { key: t.detailKeys[key] ?? key, value: detailValue(key, value) }))
    .join(t.detailSeparator);
}

/** 审计日志 (supervisor, admin): newest first, a page at a time, with a chain check. */
export default function AuditPage() {
  const t = zhCN.ui.audit;
  const { entries, cursors, hasOlder, loading, error, verification, verifying } = useAuditStore();

  useEffect(() => {
    void useAuditStore.getState().loadNewest();
  }, []);

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t.columns.seq, dataIndex: 'seq', width: 80 },
    { title: t.columns.at, dataIndex: 'at', width: 170, render: (at: string) => localTime(at, true) },
    { title: t.columns.actor, dataIndex: 'actorName', width: 180, render: (name: string | null) => name ?? t.system },
    {
      title: t.columns.action,
      dataIndex: 'action',
      width: 170,
      render: (action: string) => <span title={action}>{t.actions[action] ?? action}</span>,
    },
    {
      title: t.columns.target,
      dataIndex: 'target',
      width: 160,
      ellipsis: true,
      render: (target: string | null) => <span title={target ?? ''}>{target ?? ''}</span>,
    },
    {
      title: t.columns.details,
      dataIndex: 'details',
      render: (details: Record<string, unknown>) => (
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {detailsText(details)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <div data-testid="audit-page">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
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
      <Card styles={{ body: { padding: 0 } }}>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          data-testid="audit-table"
          columns={columns}
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
