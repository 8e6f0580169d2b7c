import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import type { ConsoleOutput, QueueRow, QueueStatus } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { consoleApiText } from '../../../../../../shared/i18n/zhCN.consoleApi';
import { opsConsoleText } from '../../../../../../shared/i18n/zhCN.opsConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { StatusTag } from '../../../lib/StatusTag';
import type { ConsoleError } from '../../../transport/client';
import { useReferenceStore } from '../../reference/store';
import { findByReceipt, recordResult } from '../store';
import { PageLink } from './PageLink';

const t = opsConsoleText.results;

type Outcome = keyof typeof t.outcomes;
type Recorded = ConsoleOutput<'results.record'> & { receiptNo: string };

/** What placement itself takes (services/placement/input.ts PLACEABLE); the server refuses the rest. */
const PLACEABLE: readonly QueueStatus[] = ['approved', 'admitted', 'awaiting_reassignment', 'reassigned'];

interface Values {
  outcome: Outcome;
  schoolId?: string;
  reportDate?: string;
  reportPlace?: string;
  reason?: string;
}

/**
 * 登记录取结果: one child's placement result by hand (what `result record` does), for an application found by its
 * receipt number and shown with its status first; the server checks the role and the status and audits it.
 */
export default function ResultsPage() {
  const { modal } = App.useApp();
  const reference = useReferenceStore((s) => s.reference);
  const [ref, setRef] = useState('');
  const [app, setApp] = useState<QueueRow | null>(null);
  const [findError, setFindError] = useState<ConsoleError | string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);

  useEffect(() => {
    void useReferenceStore.getState().load();
  }, []);

  const find = async (value: string) => {
    setApp(null);
    setError(null);
    setRecorded(null);
    if (!value.trim()) return setFindError(t.refRequired);
    const found = await findByReceipt(value, t.notFound);
    if (!found.ok) return setFindError(found.error);
    setFindError(null);
    setApp(found.row);
  };

  const schoolName = (id: string | undefined) => (id ? (reference?.schools.find((s) => s.id === id)?.name ?? id) : undefined);

  const record = async (row: QueueRow, v: Values) => {
    setBusy(true);
    const school = v.outcome === 'awaiting_reassignment' ? undefined : v.schoolId;
    const res = await recordResult({
      ref: row.receiptNo,
      outcome: v.outcome,
      ...(school ? { schoolCode: school, schoolName: schoolName(school) } : {}),
      ...(school && v.reportDate ? { reportDate: v.reportDate } : {}),
      ...(school && v.reportPlace?.trim() ? { reportPlace: v.reportPlace.trim() } : {}),
      reasons: v.reason?.trim() ? [v.reason.trim()] : [],
    });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setRecorded({ ...res.value, receiptNo: row.receiptNo });
    setApp({ ...row, status: res.value.status });
    form.resetFields();
  };

  const submit = (v: Values) => {
    if (!app) return;
    const school = v.outcome === 'awaiting_reassignment' ? '' : (schoolName(v.schoolId) ?? '');
    modal.confirm({
      title: t.submit,
      content: format(t.confirm, { name: app.childName, receiptNo: app.receiptNo, outcome: t.outcomes[v.outcome], school: school ? `（${school}）` : '' }),
      okText: t.submit,
      cancelText: consoleText.common.cancel,
      onOk: () => record(app, v),
    });
  };

  const placeable = app !== null && PLACEABLE.includes(app.status);
  return (
    <section data-testid="results-page" style={{ maxWidth: 760 }}>
      <PageHeader title={t.title} />
      <Alert type="info" showIcon title={t.intro} style={{ marginBottom: 12 }} />
      <Input.Search
          aria-label={t.ref}
          placeholder={t.refPlaceholder}
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          onSearch={(v) => void find(v)}
          enterButton={t.find}
          autoFocus
          data-testid="results-ref"
          style={{ marginBottom: 12 }}
        />
      <ErrorAlert error={findError} testId="results-find-error" />
      {app && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="results-app" data-status={app.status}>
          <Space wrap>
            <span>{format(t.current, { name: app.childName, school: app.schoolName ?? consoleText.common.dash })}</span>
            <StatusTag status={app.status} />
            <PageLink path={`/applications/${app.applicationId}`}>{t.open}</PageLink>
            <PageLink path={`/sms?receipt=${encodeURIComponent(app.receiptNo)}`} testId="results-sms">
              {t.sms}
            </PageLink>
          </Space>
          {!placeable && (
            <Alert type="warning" showIcon role="alert" style={{ marginTop: 8 }} data-testid="results-not-placeable" title={format(t.notPlaceable, { status: consoleApiText.statuses[app.status] })} />
          )}
        </Card>
      )}
      {recorded && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="results-done"
          style={{ marginBottom: 12 }}
          title={format(t.done, { receiptNo: recorded.receiptNo, version: recorded.resultVersion, status: consoleApiText.statuses[recorded.status] })}
        />
      )}
      {app && placeable && (
        <Form<Values> form={form} layout="vertical" initialValues={{ outcome: 'admitted' }} onFinish={submit} disabled={busy} data-testid="results-form">
          <Form.Item name="outcome" label={t.outcome}>
            <Radio.Group optionType="button" data-testid="results-outcome" options={(Object.keys(t.outcomes) as Outcome[]).map((o) => ({ value: o, label: t.outcomes[o] }))} />
          </Form.Item>
          {outcome !== 'awaiting_reassignment' && (
            <>
              <Form.Item name="schoolId" label={t.school} rules={[{ required: true, message: t.schoolRequired }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={(reference?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="results-school"
                />
              </Form.Item>
              <Space wrap align="start">
                <Form.Item name="reportDate" label={t.reportDate}>
                  <Input type="date" data-testid="results-report-date" />
                </Form.Item>
                <Form.Item name="reportPlace" label={t.reportPlace} style={{ minWidth: 320 }}>
                  <Input maxLength={200} data-testid="results-report-place" />
                </Form.Item>
              </Space>
            </>
          )}
          <Form.Item name="reason" label={t.reasons}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t.reasonsPlaceholder} data-testid="results-reason" />
          </Form.Item>
          <ErrorAlert error={error} testId="results-error" />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="results-submit">
            {t.submit}
          </Button>
        </Form>
      )}
    </section>
  );
}
