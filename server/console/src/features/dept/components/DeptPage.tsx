import { useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { limitedScope } from '../../../../../../shared/console/auth';
import type { DeptSource } from '../../../../../../shared/dept/sources';
import { format } from '../../../../../../shared/i18n/format';
import { deptSourceNames } from '../../../../../../shared/i18n/zhCN.dept';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { Chip, type Tone } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute } from '../../../transport/client';
import { useSessionStore } from '../../session/store';
import { type ImportInfo, type SourceInfo, useDeptStore } from '../store';
import { EnquiriesCard } from './EnquiriesCard';
import { ImportModal } from './ImportModal';
import { WithdrawModal } from './WithdrawModal';

const t = deptConsoleText;

const STATUS_COLOR: Record<ImportInfo['status'], Tone> = { active: 'green', withdrawn: 'default', purged: 'default' };

function VersionState({ imp }: { imp: ImportInfo }) {
  return (
    <Space direction="vertical" size={2}>
      <Chip color={STATUS_COLOR[imp.status]}>{t.status[imp.status]}</Chip>
      {imp.status === 'active' && <Typography.Text type="secondary">{imp.counting ? t.versions.counting : t.versions.superseded}</Typography.Text>}
      {imp.withdrawnAt && (
        <Typography.Text type="secondary">{format(t.versions.withdrawnBy, { by: imp.withdrawnBy ?? '', at: localMinute(imp.withdrawnAt), reason: imp.withdrawReason ?? '' })}</Typography.Text>
      )}
    </Space>
  );
}

/** 部门数据: the sources with their saved mapping and active rows; the versions (imports) with withdrawal. */
export default function DeptPage() {
  const { sources, imports, loading, error, load } = useDeptStore();
  const [importing, setImporting] = useState<SourceInfo | null>(null);
  const [withdrawing, setWithdrawing] = useState<ImportInfo | null>(null);
  const [source, setSource] = useState<DeptSource | null>(null);
  // Importing and withdrawing re-verify the whole county: the server refuses them to an account limited to some
  // schools or types, so such an account gets no button for them, and a note saying who does it.
  const countyWide = useSessionStore((s) => s.me !== null && !limitedScope(s.me));
  useEffect(() => void load(), [load]);

  const shown = source ? imports.filter((i) => i.source === source) : imports;
  return (
    <div data-testid="dept-page">
      <PageHeader title={t.page.title}>
        <Button onClick={() => void load()} loading={loading}>
          {consoleText.common.refresh}
        </Button>
      </PageHeader>
      <Typography.Paragraph type="secondary">{t.page.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="dept-error" />
      {!countyWide && <Alert type="info" showIcon message={t.page.countyWideOnly} style={{ marginBottom: 12 }} data-testid="dept-county-wide-only" />}
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.page.sourcesTitle}</h2>} style={{ marginBottom: 12 }}>
        <Table<SourceInfo>
          size="small"
          rowKey="source"
          pagination={false}
          loading={loading && sources.length === 0}
          dataSource={sources}
          onRow={(s) => ({ 'data-testid': `dept-source-${s.source}` }) as object}
          columns={[
            { key: 'department', title: t.page.department, width: 90, render: (_, s) => s.department },
            { key: 'name', title: t.page.source, render: (_, s) => s.name },
            {
              key: 'rows',
              title: t.page.activeRows,
              width: 110,
              render: (_, s) => (s.activeImports === 0 ? <Typography.Text type="secondary">{t.page.noData}</Typography.Text> : <span data-testid="dept-active-rows">{s.activeRows.toLocaleString('zh-CN')}</span>),
            },
            {
              key: 'mapping',
              title: t.page.mappingSaved,
              render: (_, s) =>
                s.mapping ? (
                  <Typography.Text type="secondary">{format(t.page.mappingBy, { by: s.mappingUpdatedBy ?? '', at: s.mappingUpdatedAt ? localMinute(s.mappingUpdatedAt) : '' })}</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t.page.mappingNone}</Typography.Text>
                ),
            },
            {
              key: 'actions',
              title: '',
              width: 200,
              render: (_, s) => (
                <Space>
                  {countyWide && (
                    <Button type="primary" size="small" onClick={() => setImporting(s)} data-testid={`dept-import-${s.source}`}>
                      {t.page.importButton}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setSource(source === s.source ? null : s.source)} aria-pressed={source === s.source}>
                    {t.page.versionsButton}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 15, margin: 0 }}>{source ? `${t.versions.title} · ${deptSourceNames[source].name}` : t.versions.title}</h2>}
        extra={
          source && (
            <Button size="small" onClick={() => setSource(null)}>
              {consoleText.common.all}
            </Button>
          )
        }
      >
        <Table<ImportInfo>
          size="small"
          rowKey="id"
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Typography.Text type="secondary">{t.versions.empty}</Typography.Text> }}
          onRow={(i) => ({ 'data-testid': `dept-version-${i.id}`, 'data-status': i.status }) as object}
          columns={[
            { key: 'id', title: t.versions.id, width: 60, render: (_, i) => `#${i.id}` },
            { key: 'source', title: t.page.source, width: 150, render: (_, i) => `${deptSourceNames[i.source].department} ${deptSourceNames[i.source].name}` },
            {
              key: 'file',
              title: t.versions.file,
              render: (_, i) => (
                <>
                  <div>{i.fileName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={t.versions.sha}>
                    SHA-256 {i.fileSha256.slice(0, 16)}… · {t.mode[i.mode].replace(/（.*）/, '')}
                  </Typography.Text>
                </>
              ),
            },
            { key: 'rows', title: t.versions.rows, width: 80, render: (_, i) => i.rows.toLocaleString('zh-CN') },
            { key: 'by', title: t.versions.by, width: 150, render: (_, i) => `${i.importedBy} · ${localMinute(i.importedAt)}` },
            { key: 'retain', title: t.versions.retain, width: 100, render: (_, i) => i.retainUntil },
            { key: 'state', title: '', width: 200, render: (_, i) => <VersionState imp={i} /> },
            {
              key: 'actions',
              title: '',
              width: 70,
              render: (_, i) =>
                countyWide &&
                i.status === 'active' && (
                  <Button size="small" danger onClick={() => setWithdrawing(i)} data-testid={`dept-withdraw-${i.id}`}>
                    {t.versions.withdraw}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <EnquiriesCard />
      {importing && <ImportModal source={importing} onClose={() => setImporting(null)} />}
      {withdrawing && <WithdrawModal imp={withdrawing} onClose={() => setWithdrawing(null)} />}
    </div>
  );
}
