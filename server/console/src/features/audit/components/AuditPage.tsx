import { useEffect, useState } from 'react';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { ConsoleAuditEntry } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { consoleApiText } from '../../../../../../shared/i18n/zhCN.consoleApi';
import { consoleAuthText } from '../../../../../../shared/i18n/zhCN.consoleAuth';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader, ProblemList } from '../../../lib/PageHeader';
import { formatMs, localMinute } from '../../../lib/format';
import { useAuditStore } from '../store';

const t = consoleText.audit;
const c = t.columns;

const actionLabels: Readonly<Record<string, string>> = consoleAuthText.auditActions;

/** 审计日志: who did or saw what, newest first, and a check of the whole hash chain. */
export default function AuditPage() {
  const { entries, nextBefore, loading, error, verification, verifying, load, verify } = useAuditStore();
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const search = () => void load({ action, target });
  useEffect(() => {
    // Filters apply on 查询; the first load is unfiltered.
    void useAuditStore.getState().open();
  }, []);

  return (
    <section data-testid="audit-page">
      <PageHeader title={t.title}>
        <Button icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => void verify()} loading={verifying} data-testid="audit-verify">
          {t.verify}
        </Button>
      </PageHeader>
      {verification?.ok && (
        <Alert
          type="success"
          showIcon
          data-testid="audit-ok"
          title={format(t.verifyOk, { checked: verification.checked, lastSeq: verification.lastSeq, ms: formatMs(verification.tookMs) })}
          style={{ marginBottom: 12 }}
        />
      )}
      {verification && !verification.ok && (
        <ProblemList testId="audit-bad" title={format(t.verifyBad, { n: verification.problems.length })} items={verification.problems.map((p) => format(t.problem, { seq: p.seq, message: p.message }))} />
      )}
      <ErrorAlert error={error} testId="audit-error" />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input placeholder={t.filterAction} aria-label={t.filterAction} value={action} onChange={(e) => setAction(e.target.value)} onPressEnter={search} style={{ width: 200 }} />
        <Input placeholder={t.filterTarget} aria-label={t.filterTarget} value={target} onChange={(e) => setTarget(e.target.value)} onPressEnter={search} style={{ width: 320 }} />
        <Button onClick={search}>{consoleText.common.search}</Button>
      </Space>
      <Table<ConsoleAuditEntry>
        size="small"
        rowKey="seq"
        pagination={false}
        loading={loading}
        locale={{ emptyText: t.empty }}
        dataSource={entries}
        columns={[
          { key: 'seq', title: c.seq, dataIndex: 'seq', width: 70 },
          { key: 'at', title: c.at, width: 140, render: (_, e) => localMinute(e.at) },
          { key: 'actor', title: c.actor, width: 140, render: (_, e) => (e.actorName ? `${e.actorName}${e.actorRole ? `（${consoleApiText.roles[e.actorRole]}）` : ''}` : consoleText.common.dash) },
          { key: 'via', title: c.via, width: 80, render: (_, e) => t.via[e.via] },
          { key: 'action', title: c.action, width: 160, render: (_, e) => actionLabels[e.action] ?? e.action },
          { key: 'target', title: c.target, width: 200, render: (_, e) => <Typography.Text style={{ fontSize: 12 }}>{e.target ?? consoleText.common.dash}</Typography.Text> },
          {
            key: 'details',
            title: c.details,
            render: (_, e) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(e.details) }}>
                {Object.keys(e.details).length ? JSON.stringify(e.details) : ''}
              </Typography.Text>
            ),
          },
        ]}
      />
      {nextBefore !== null && (
        <Button block style={{ marginTop: 8 }} onClick={() => void load({ action, target }, nextBefore)} loading={loading}>
          {t.more}
        </Button>
      )}
    </section>
  );
}
