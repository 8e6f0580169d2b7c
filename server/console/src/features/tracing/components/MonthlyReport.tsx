import { useState } from 'react';
import { Button, Card, Input, Space, Table } from 'antd';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { base64Blob, saveFile, XLSX_TYPE } from '../../../lib/download';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { type ConsoleError } from '../../../transport/client';
import { type TracingReport, useTracingStore } from '../store';

const t = deptConsoleText.tracing;

/** Today in the browser's time, YYYY-MM-DD. */
export const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** The monthly report by township (counts only): on the worklist page, and alone for the read-only role. */
export function MonthlyReport() {
  const [month, setMonth] = useState(today().slice(0, 7));
  const [report, setReport] = useState<TracingReport | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const res = await useTracingStore.getState().report(month);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setReport(res.value);
  };
  const c = t.reportColumns;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.report}</h2>} data-testid="tracing-report">
      <Space wrap style={{ marginBottom: 8 }}>
        <label htmlFor="tracing-month">{t.month}</label>
        <Input id="tracing-month" style={{ width: 120 }} value={month} onChange={(e) => setMonth(e.target.value.trim())} data-testid="tracing-month" />
        <Button onClick={() => void run()} loading={busy} data-testid="tracing-report-run">
          {consoleText.common.search}
        </Button>
        {report && (
          <Button onClick={() => saveFile(report.fileName, base64Blob(report.xlsxBase64, XLSX_TYPE))} data-testid="tracing-report-download">
            {t.download}
          </Button>
        )}
      </Space>
      <ErrorAlert error={error} testId="tracing-report-error" />
      {report && (
        <Table
          size="small"
          rowKey="township"
          pagination={false}
          dataSource={report.rows}
          columns={[
            { key: 'township', title: c.township, dataIndex: 'township' },
            { key: 'total', title: c.total, dataIndex: 'total' },
            { key: 'openAtEnd', title: c.openAtEnd, dataIndex: 'openAtEnd' },
            { key: 'openedInMonth', title: c.openedInMonth, dataIndex: 'openedInMonth' },
            { key: 'closedInMonth', title: c.closedInMonth, dataIndex: 'closedInMonth' },
            { key: 'visitsInMonth', title: c.visitsInMonth, dataIndex: 'visitsInMonth' },
          ]}
        />
      )}
    </Card>
  );
}
