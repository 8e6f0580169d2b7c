import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import type { ConsoleOutput } from '../../../../../../shared/console';
import { validateId } from '../../../../../../shared/domain/idNumber';
import { format } from '../../../../../../shared/i18n/format';
import { opsConsoleText } from '../../../../../../shared/i18n/zhCN.opsConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { dayFromToday } from '../../../lib/format';
import type { ConsoleError } from '../../../transport/client';
import { applyOnline } from '../store';
import { PageLink } from './PageLink';

const t = opsConsoleText.online;

type Applied = ConsoleOutput<'online.apply'>;

interface Values {
  idNumber: string;
  childName: string;
}

/**
 * 模拟网上报名: stands in for the county's online channel (what `online apply` does) until it is connected: an online
 * application for a child, and whether a counter took the same child (a duplicate to resolve). Audited by the server.
 */
export default function OnlinePage() {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);

  const apply = async (v: Values) => {
    const id = validateId('resident_id', v.idNumber, dayFromToday(0));
    if (!id.ok) return;
    setBusy(true);
    setApplied(null);
    const res = await applyOnline({ idNumber: id.value, childName: v.childName.trim() });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setApplied(res.value);
    form.resetFields();
  };

  return (
    <section data-testid="online-page" style={{ maxWidth: 640 }}>
      <PageHeader title={t.title} />
      <Alert type="info" showIcon title={t.intro} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void apply(v)} disabled={busy}>
        <Form.Item
          name="idNumber"
          label={t.idNumber}
          rules={[
            { required: true, whitespace: true, message: t.idRequired },
            {
              validator: (_, value: string | undefined) => {
                if (!value?.trim()) return Promise.resolve();
                const id = validateId('resident_id', value, dayFromToday(0));
                return id.ok ? Promise.resolve() : Promise.reject(new Error(id.message));
              },
            },
          ]}
        >
          <Input maxLength={32} autoComplete="off" autoFocus data-testid="online-id" />
        </Form.Item>
        <Form.Item name="childName" label={t.childName} rules={[{ required: true, whitespace: true, message: t.nameRequired }]}>
          <Input maxLength={60} autoComplete="off" data-testid="online-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="online-submit">
          {t.submit}
        </Button>
      </Form>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        <ErrorAlert error={error} testId="online-error" />
        {applied && (
          <Alert
            type={applied.duplicates.length ? 'warning' : 'success'}
            showIcon
            data-testid="online-done"
            title={format(t.done, { receiptNo: applied.receiptNo })}
            action={applied.duplicates.length ? <PageLink path="/duplicates">{t.resolve}</PageLink> : undefined}
            description={
              applied.duplicates.length ? (
                <>
                  {t.duplicates}
                  {applied.duplicates.map((d) => format(t.duplicateEntry, { receiptNo: d.receiptNo, counter: d.counterCode })).join(t.separator)}
                </>
              ) : (
                t.noDuplicates
              )
            }
          />
        )}
      </div>
    </section>
  );
}
