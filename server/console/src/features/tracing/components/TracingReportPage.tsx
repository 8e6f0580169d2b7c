import { InputNumber, Space, Typography } from 'antd';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { PageHeader } from '../../../lib/PageHeader';
import { useTracingStore } from '../store';
import { MonthlyReport } from './MonthlyReport';

const t = deptConsoleText.tracing;

/**
 * 控辍保学月报 on its own page: counts by township only, so the read-only role (只读) may open it; the worklist with
 * the children's names stays on the administrators' page.
 */
export default function TracingReportPage() {
  const year = useTracingStore((s) => s.year);
  return (
    <div data-testid="tracing-report-page">
      <PageHeader title={t.reportTitle}>
        <Space>
          <label htmlFor="tracing-report-year">{t.year}</label>
          <InputNumber
            id="tracing-report-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => typeof v === 'number' && useTracingStore.getState().setYear(v)}
            data-testid="tracing-report-year"
          />
        </Space>
      </PageHeader>
      <Typography.Paragraph type="secondary">{t.reportIntro}</Typography.Paragraph>
      <MonthlyReport />
    </div>
  );
}
