import { useEffect, useState } from 'react';
import { App, Button, Input, Radio, Space, Table, Typography } from 'antd';
import { format } from '../../../../../../shared/i18n/format';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { Chip } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { dayFromToday } from '../../../lib/format';
import { PageHeader } from '../../../lib/PageHeader';
import { type ConsoleError } from '../../../transport/client';
import { type ReportInRow as Row, type ReportInState as State, useTracingStore } from '../store';

const t = deptConsoleText.reportIn;

/**
 * 新生报到 for 学校用户: the children admitted to the account's own school(s), and 登记报到 for each as it arrives.
 * The server lists and accepts only the account's schools (tracing.reportIns / tracing.reportIn) and audits both.
 */
export default function ReportInPage() {
  const { message } = App.useApp();
  const { reportInState: state, reportIns: rows, reportInsLoading: loading, reportInsError, loadReportIns, recordReportIn } = useTracingStore();
  const [error, setError] = useState<ConsoleError | null>(null);
  const [search, setSearch] = useState('');
  const [day, setDay] = useState(dayFromToday(0));
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => void loadReportIns(), [loadReportIns]);

  const record = async (row: Row) => {
    setBusy(row.applicationId);
    const err = await recordReportIn(row.receiptNo, day);
    setBusy(null);
    setError(err);
    if (!err) void message.success(format(t.saved, { child: row.childName, day }));
  };

  const needle = search.trim().replace(/-/g, '').toUpperCase();
  const shown = needle ? rows.filter((r) => r.receiptNo.replace(/-/g, '').toUpperCase().includes(needle) || r.childName.includes(search.trim())) : rows;
  return (
    <div data-testid="report-in-page">
      <PageHeader title={t.title}>
        <Space wrap>
          <label htmlFor="report-in-day">{t.recordDay}</label>
          <Input id="report-in-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} style={{ width: 160 }} data-testid="report-in-day" />
        </Space>
      </PageHeader>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group value={state} onChange={(e) => void loadReportIns(e.target.value as State)} data-testid="report-in-state">
          {(['pending', 'reported', 'all'] as const).map((s) => (
            <Radio.Button key={s} value={s}>
              {t.state[s]}
            </Radio.Button>
          ))}
        </Radio.Group>
        <Input.Search aria-label={t.search} placeholder={t.search} allowClear value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} data-testid="report-in-search" />
      </Space>
      <ErrorAlert error={error ?? reportInsError} testId="report-in-error" />
      <Table<Row>
        size="small"
        rowKey="applicationId"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t.empty}</Typography.Text> }}
        onRow={(r) => ({ 'data-testid': `report-in-${r.receiptNo}` }) as object}
        columns={[
          { key: 'receipt', title: t.receiptNo, width: 220, render: (_, r) => r.receiptNo },
          { key: 'child', title: t.child, render: (_, r) => r.childName },
          { key: 'id', title: t.idNumber, width: 190, render: (_, r) => r.idNumberMasked },
          { key: 'school', title: t.school, render: (_, r) => `${r.schoolName ?? r.schoolCode}（${t.outcome[r.outcome]}）` },
          { key: 'notice', title: t.notice, render: (_, r) => [r.reportDate, r.reportPlace].filter(Boolean).join(' ') },
          {
            key: 'status',
            title: t.status,
            render: (_, r) =>
              r.reportedOn ? (
                <Chip color="green">{format(t.reported, { day: r.reportedOn, by: r.recordedBy ?? '' })}</Chip>
              ) : (
                <Space>
                  <Chip color="orange">{t.notReported}</Chip>
                  <Button size="small" type="primary" loading={busy === r.applicationId} disabled={!day} onClick={() => void record(r)} data-testid={`report-in-record-${r.receiptNo}`}>
                    {t.record}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </div>
  );
}
