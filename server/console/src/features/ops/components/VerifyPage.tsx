import { useState } from 'react';
import { Alert, Button, Form, Input, Space } from 'antd';
import type { ConsoleOutput } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { opsConsoleText } from '../../../../../../shared/i18n/zhCN.opsConsole';
import { parseReceiptQr } from '../../../../../../shared/print/qr';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import type { ConsoleError } from '../../../transport/client';
import { verifyReceipt } from '../store';
import { PageLink } from './PageLink';

const t = opsConsoleText.verify;

type Verified = ConsoleOutput<'receipts.verify'>;

interface Values {
  receiptNo: string;
  code: string;
}

/** What a genuine paper is, in words. */
function genuineText(v: Verified): string {
  const counter = v.counterCode ?? '';
  return v.document === 'notice' ? format(t.genuineNotice, { counter, version: v.resultVersion ?? '' }) : format(t.genuineReceipt, { counter });
}

/**
 * 核验回执和通知书: staff check a printed receipt or notice (what `receipt verify` does): receipt number and code, or the
 * printed QR text scanned into the first field (a scanner types it and Enter). The server audits every check.
 */
export default function VerifyPage() {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [verified, setVerified] = useState<Verified | null>(null);

  const check = async (v: Values) => {
    const qr = parseReceiptQr(v.receiptNo.trim());
    const receiptNo = (qr?.receiptNo ?? v.receiptNo).trim().toUpperCase();
    const code = (qr?.verificationCode ?? v.code ?? '').trim().toUpperCase();
    if (qr) form.setFieldsValue({ receiptNo, code });
    setBusy(true);
    setVerified(null);
    const res = await verifyReceipt({ receiptNo, code });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setVerified(res.value);
  };

  return (
    <section data-testid="verify-page" style={{ maxWidth: 640 }}>
      <PageHeader title={t.title} />
      <Alert type="info" showIcon title={t.intro} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void check(v)} disabled={busy}>
        <Form.Item name="receiptNo" label={t.receiptNo} rules={[{ required: true, whitespace: true, message: t.receiptRequired }]}>
          <Input placeholder={t.receiptPlaceholder} maxLength={120} autoComplete="off" autoFocus data-testid="verify-receipt" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t.code}
          dependencies={['receiptNo']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value?.trim() || parseReceiptQr(String(getFieldValue('receiptNo') ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(t.codeRequired)),
            }),
          ]}
        >
          <Input placeholder={t.codePlaceholder} maxLength={20} autoComplete="off" style={{ textTransform: 'uppercase' }} data-testid="verify-code" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="verify-submit">
            {t.submit}
          </Button>
          <a href="/lookup" target="_blank" rel="noreferrer">
            {t.publicLookup}
          </a>
        </Space>
      </Form>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        <ErrorAlert error={error} testId="verify-error" />
        {verified?.genuine && (
          <Alert
            type="success"
            showIcon
            data-testid="verify-result"
            data-genuine="true"
            title={genuineText(verified)}
            action={verified.applicationId ? <PageLink path={`/applications/${verified.applicationId}`}>{t.open}</PageLink> : undefined}
          />
        )}
        {verified && !verified.genuine && (
          <Alert type="error" showIcon data-testid="verify-result" data-genuine="false" title={format(t.notGenuine, { reason: verified.reason ?? '' })} description={t.notGenuineHint} />
        )}
      </div>
    </section>
  );
}
