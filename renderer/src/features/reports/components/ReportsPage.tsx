import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Flex, Row, Space, Statistic, Table, Typography } from 'antd';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import type { CountRow, Report } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useReportsStore } from '../store';
import { namedPageLinks } from '../../../lib/pagination';

const t = zhCN.reports;
const DAY = 'YYYY-MM-DD';

/** A count table with a bar per row: the shape of the day at a glance. */
function Counts({ title, rows, testId }: { title: string; rows: CountRow[]; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t.noneInRange}</Typography.Text>
      ) : (
        rows.map((r) => (
          <Flex key={r.key} align="center" gap={8} style={{ marginBottom: 4 }}>
            <span style={{ width: 150, flexShrink: 0 }}>{r.label}</span>
            <div aria-hidden style={{ flex: 1, background: '#f0f2f5', height: 10, borderRadius: 2 }}>
              <div style={{ width: `${(r.count / max) * 100}%`, background: '#1f6feb', height: 10, borderRadius: 2 }} />
            </div>
            <span style={{ width: 48, textAlign: 'right' }}>{r.count}</span>
          </Flex>
        ))
      )}
    </Card>
  );
}

function Details({ report }: { report: Report }) {
  const c = t.columns;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: '1rem' }}>{t.sections.voided}</Typography.Title>
      <Table
        size="small"
        rowKey="auditSeq"
        pagination={false}
        data-testid="report-voided"
        locale={{ emptyText: t.noneInRange }}
        dataSource={report.voided}
        columns={[
          { title: c.receiptNo, dataIndex: 'receiptNo' },
          { title: c.childName, dataIndex: 'childName' },
          { title: c.reason, dataIndex: 'reason' },
          { title: c.at, dataIndex: 'at', render: (v: string) => localTime(v) },
          { title: c.operator, dataIndex: 'by' },
          { title: c.auditSeq, dataIndex: 'auditSeq' },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: '1rem', marginTop: 16 }}>
        {t.sections.reprinted}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(r) => `${r.auditSeq}-${r.at}`}
        pagination={false}
        data-testid="report-reprinted"
        locale={{ emptyText: t.noneInRange }}
        dataSource={report.reprinted}
        columns={[
          { title: c.receiptNo, dataIndex: 'receiptNo' },
          { title: c.childName, dataIndex: 'childName' },
          { title: c.document, dataIndex: 'document' },
          { title: c.reprintNo, dataIndex: 'reprintNo' },
          { title: c.reason, dataIndex: 'reason' },
          { title: c.at, dataIndex: 'at', render: (v: string) => localTime(v) },
          { title: c.auditSeq, dataIndex: 'auditSeq' },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: '1rem', marginTop: 16 }}>
        {t.sections.missing}
      </Typography.Title>
      <Table
        size="small"
        rowKey="applicationId"
        pagination={{ pageSize: 50, hideOnSinglePage: true, itemRender: namedPageLinks }}
        data-testid="report-missing"
        locale={{ emptyText: t.noneInRange }}
        dataSource={report.missing}
        columns={[
          { title: c.receiptNo, dataIndex: 'receiptNo' },
          { title: c.childName, dataIndex: 'childName' },
          { title: c.items, dataIndex: 'items', render: (v: string[]) => v.join('、') },
          { title: c.dueDay, dataIndex: 'dueDay' },
        ]}
      />
    </>
  );
}

/** 日报 and date-range reports for the supervisor, printable (A4) and exported as XLSX. */
export default function ReportsPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(), dayjs()]);
  const [notice, setNotice] = useState<string | null>(null);
  const report = useReportsStore((s) => s.report);
  const loading = useReportsStore((s) => s.loading);
  const exporting = useReportsStore((s) => s.exporting);
  const error = useReportsStore((s) => s.error);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);

  useEffect(() => {
    void useReportsStore.getState().load(from, to);
  }, [from, to]);

  const exportAs = async (f: 'pdf' | 'xlsx') => {
    setNotice(null);
    const r = await useReportsStore.getState().exportReport(from, to, f);
    if (r) setNotice(format(t.page.exported, { file: r.fileName, rows: r.rows }));
  };
  const quick = (days: number) => setRange([dayjs().subtract(days, 'day'), days === 1 ? dayjs().subtract(1, 'day') : dayjs()]);

  return (
    <div data-testid="reports-page" style={{ maxWidth: 1200 }}>
      <Typography.Title level={1} className="desk-page-title" style={{ margin: '0 0 0.75rem', fontSize: '1.25rem' }}>
        {t.page.title}
      </Typography.Title>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker aria-label={t.page.from} value={range[0]} allowClear={false} onChange={(d) => d && setRange([d, d.isAfter(range[1]) ? d : range[1]])} data-testid="report-from" />
        <span>—</span>
        <DatePicker aria-label={t.page.to} value={range[1]} allowClear={false} onChange={(d) => d && setRange([d.isBefore(range[0]) ? d : range[0], d])} data-testid="report-to" />
        <Button onClick={() => setRange([dayjs(), dayjs()])} data-testid="report-today">{t.page.today}</Button>
        <Button onClick={() => quick(1)}>{t.page.yesterday}</Button>
        <Button onClick={() => quick(6)}>{t.page.week}</Button>
        <div style={{ flex: 1 }} />
        <Space>
          <Button icon={<PrinterOutlined />} loading={exporting === 'pdf'} onClick={() => void exportAs('pdf')} data-testid="report-export-pdf">
            {t.page.exportPdf}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')} data-testid="report-export-xlsx">
            {t.page.exportXlsx}
          </Button>
        </Space>
      </Flex>
      <ErrorAlert error={error} testId="report-error" />
      {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="report-exported" closable={{ onClose: () => setNotice(null) }} />}
      {report && !loading && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t.taken} value={report.taken} data-testid="report-taken" /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t.sync.uploaded} value={report.sync.uploaded} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t.sync.pending} value={report.sync.pending} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={t.sync.problems} value={report.sync.problems} /></Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={12}><Counts title={t.sections.byType} rows={report.byType} testId="report-by-type" /></Col>
            <Col xs={24} lg={12}><Counts title={t.sections.bySchool} rows={report.bySchool} testId="report-by-school" /></Col>
            <Col xs={24} lg={8}><Counts title={t.sections.byGrade} rows={report.byGrade} testId="report-by-grade" /></Col>
            <Col xs={24} lg={8}><Counts title={t.sections.byStatus} rows={report.byStatus} testId="report-by-status" /></Col>
            <Col xs={24} lg={8}><Counts title={t.sections.byClerk} rows={report.byClerk} testId="report-by-clerk" /></Col>
          </Row>
          <Details report={report} />
        </>
      )}
    </div>
  );
}
