import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import type { RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useSyncStore } from '../store';
import { SectionTitle } from '../../../lib/PageTitle';

/** Settings → 县级服务器 (admin): server address, custom CA, enrollment with the one-time code, test connection. */
export function SyncSettingsCard() {
  const t = zhCN.sync.settings;
  const { message } = App.useApp();
  const status = useSyncStore((s) => s.status);
  const [serverForm] = Form.useForm<{ serverUrl: string; caPem?: string }>();
  const [enrollForm] = Form.useForm<{ code: string; deviceName: string }>();
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);

  useEffect(() => {
    void useSyncStore.getState().load();
  }, []);
  useEffect(() => {
    if (status) serverForm.setFieldsValue({ serverUrl: status.serverUrl ?? '' });
  }, [status, serverForm]);

  const save = async (v: { serverUrl: string; caPem?: string }) => {
    setError(null);
    setBusy('save');
    const err = await useSyncStore.getState().configure({ serverUrl: v.serverUrl, caPem: v.caPem?.trim() ? v.caPem.trim() : null });
    setBusy(null);
    if (err) setError(err);
    else void message.success(t.saved);
  };
  const enroll = async (v: { code: string; deviceName: string }) => {
    setError(null);
    setBusy('enroll');
    const err = await useSyncStore.getState().enroll(v);
    setBusy(null);
    if (err) setError(err);
    else enrollForm.resetFields(['code']);
  };
  const runTest = async () => {
    setBusy('test');
    const r = await useSyncStore.getState().test();
    setBusy(null);
    setTest('code' in r ? { ok: false, message: r.message } : r);
  };

  return (
    <Card title={t.title} style={{ marginTop: 16 }} data-testid="sync-settings">
      <ErrorAlert error={error} testId="sync-settings-error" />
      <Form form={serverForm} layout="vertical" name="sync-server" onFinish={(v) => void save(v)} autoComplete="off">
        <Form.Item label={t.serverUrl} name="serverUrl" extra={t.serverUrlHint} rules={[{ required: true, message: zhCN.errors.SYNC_NOT_CONFIGURED }]}>
          <Input placeholder="https://" data-testid="sync-server-url" />
        </Form.Item>
        <Form.Item label={t.caPem} name="caPem" extra={status?.hasCustomCa ? format(t.caPemSet, { hint: t.caPemHint }) : t.caPemHint}>
          <Input.TextArea rows={3} placeholder="-----BEGIN CERTIFICATE-----" data-testid="sync-ca-pem" />
        </Form.Item>
        <Button htmlType="submit" loading={busy === 'save'} data-testid="sync-save-server">
          {t.save}
        </Button>
      </Form>
      <Divider />
      <SectionTitle>{t.enrollTitle}</SectionTitle>
      <Typography.Paragraph data-testid="sync-enrollment">
        {status?.enrolled ? format(t.enrolled, { counter: `${status.counterName ?? ''}（${status.counterCode ?? ''}）`, device: status.deviceId?.slice(0, 8) ?? '' }) : t.notEnrolled}
      </Typography.Paragraph>
      <Form form={enrollForm} layout="inline" name="sync-enroll" onFinish={(v) => void enroll(v)} autoComplete="off" disabled={!status?.serverUrl}>
        <Form.Item name="code" label={t.code} rules={[{ required: true, message: t.code }]}>
          <Input style={{ width: 220 }} data-testid="sync-enroll-code" />
        </Form.Item>
        <Form.Item name="deviceName" label={t.deviceName} initialValue={t.deviceNameDefault} rules={[{ required: true, message: t.deviceName }]}>
          <Input style={{ width: 160 }} data-testid="sync-device-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy === 'enroll'} data-testid="sync-enroll">
          {t.enroll}
        </Button>
      </Form>
      <Divider />
      <Flex vertical gap={8} align="flex-start">
        <Button onClick={() => void runTest()} loading={busy === 'test'} disabled={!status?.enrolled} data-testid="sync-test">
          {t.test}
        </Button>
        {test && <Alert type={test.ok ? 'success' : 'error'} showIcon title={test.message} data-testid="sync-test-result" />}
      </Flex>
    </Card>
  );
}
