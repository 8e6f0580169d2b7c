import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Radio, Select, Typography } from 'antd';
import type { ApplicationView, ReassignmentView } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localMinute } from '../../../lib/format';
import type { ConsoleError } from '../../../transport/client';
import { useReviewStore } from '../store';

const t = placementConsoleText.reassignment;
const answer = (accepts: boolean) => (accepts ? t.accepts : t.refuses);

interface Values {
  accepts: boolean;
  hukouSchoolId?: string;
  note: string;
}

/** The tab's label: 服从调剂, marked when placement will treat the family as refusing. */
export function reassignmentTab(r: ReassignmentView): string {
  return r.accepts ? t.tab : t.tabRefuses;
}

/**
 * 是否服从调剂 on the application view: what the desk's form says, a reviewer's record of what the family told by
 * phone (which placement uses instead), the hukou school the plan's refusal rule needs, and the form to record it.
 */
export function ReassignmentPanel({ view, r }: { view: ApplicationView; r: ReassignmentView }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [form] = Form.useForm<Values>();
  const send = async (v: Values) => {
    setBusy(true);
    setError(null);
    const err = await useReviewStore.getState().recordReassignment({ accepts: v.accepts, hukouSchoolId: v.hukouSchoolId ?? null, note: v.note.trim() });
    setBusy(false);
    if (err) return setError(err);
    form.resetFields(['note']);
    void message.success(t.done);
  };
  const rec = r.recorded;
  return (
    <div data-testid="reassignment-panel" data-accepts={String(r.accepts)}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t.form}>
          <span data-testid="reassignment-form">{answer(r.formAccepts)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t.recorded}>
          <span data-testid="reassignment-recorded">
            {rec ? format(t.recordedLine, { answer: answer(rec.accepts), by: rec.recordedBy, at: localMinute(rec.recordedAt), note: rec.note }) : t.notRecorded}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t.effective}>
          <Typography.Text strong data-testid="reassignment-effective">
            {answer(r.accepts)}（{rec ? t.effectiveSource.recorded : t.effectiveSource.form}）
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t.hukouSchool}>
          <span data-testid="reassignment-hukou">{r.hukouSchool ? `${r.hukouSchool.name}（${t.hukouSource[r.hukouSchool.source]}）` : t.hukouUnknown}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {r.onRefusal === 'hukou_school' ? t.ruleHukou : t.ruleBureau}
      </Typography.Paragraph>
      {r.frozen && <Alert type="warning" showIcon title={r.frozen} data-testid="reassignment-frozen" style={{ marginBottom: 8 }} />}
      {view.can.recordReassignment && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ accepts: r.accepts, ...(rec?.hukouSchoolId ? { hukouSchoolId: rec.hukouSchoolId } : {}) }}
          onFinish={(v) => void send(v)}
          disabled={busy}
          data-testid="reassignment-form-edit"
        >
          <Typography.Title level={3} style={{ fontSize: 14 }}>
            {t.formTitle}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t.formHint}</Typography.Paragraph>
          <Form.Item name="accepts" label={t.answer} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: true, label: t.accepts },
                { value: false, label: t.refuses },
              ]}
              data-testid="reassignment-answer"
            />
          </Form.Item>
          {r.onRefusal === 'hukou_school' && (
            <Form.Item name="hukouSchoolId" label={t.hukouSelect}>
              <Select allowClear placeholder={t.hukouPlaceholder} options={r.schoolOptions.map((s) => ({ value: s.id, label: s.name }))} data-testid="reassignment-hukou-select" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t.note} rules={[{ required: true, whitespace: true, min: 2, message: t.notePlaceholder }]}>
            <Input.TextArea rows={2} maxLength={200} showCount placeholder={t.notePlaceholder} data-testid="reassignment-note" />
          </Form.Item>
          <ErrorAlert error={error} testId="reassignment-error" />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="reassignment-submit">
            {t.submit}
          </Button>
        </Form>
      )}
    </div>
  );
}
