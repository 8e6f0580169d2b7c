import { useState } from 'react';
import { RestoreEntry } from '../../backup/components/RestoreEntry';
import { Alert, Button, Col, Divider, Form, Input, Row, Typography, type FormInstance } from 'antd';
import { countyMismatchAtSetup } from '../../../../../shared/domain/county';
import { useSessionStore } from '../../session/store';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import type { RpcError } from '../../../../../shared/contract';
import { CenteredScreen } from '../../../lib/CenteredScreen';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { requiredRule, sameAs } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useShellStore } from '../../shell/store';
import { useSetupStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface SetupForm {
  counterName: string;
  counterCode: string;
  countyCode: string;
  admin: { username: string; displayName: string; password: string };
  confirmPassword: string;
}

const FIELDS = ['counterName', 'counterCode', 'countyCode', 'admin.username', 'admin.displayName', 'admin.password'] as const;

/** The county code's hint, and a warning as soon as the code typed is not the active plan's county. */
function CountyHint({ form }: { form: FormInstance<SetupForm> }) {
  const typed = Form.useWatch('countyCode', form) ?? '';
  const plan = useSessionStore((s) => s.status?.planCounty ?? null);
  const mismatch = countyMismatchAtSetup(typed, plan);
  return (
    <>
      {zhCN.ui.setup.countyCodeHint}
      {mismatch && <Alert type="warning" showIcon style={{ marginTop: 6 }} data-testid="setup-county-mismatch" title={mismatch} />}
    </>
  );
}

/** First run: the counter and its first admin. Nothing else is reachable until this is done. */
export default function SetupScreen() {
  const t = zhCN.ui.setup;
  const [form] = Form.useForm<SetupForm>();
  const submitting = useSetupStore((s) => s.submitting);
  const [error, setError] = useState<RpcError | string | null>(null);

  const submit = async ({ confirmPassword: _confirm, ...input }: SetupForm) => {
    setError(null);
    const err = await useSetupStore.getState().initialize(input);
    if (!err) {
      useShellStore.getState().navigate('/');
      return;
    }
    setError(showFormError(form, err, { fields: FIELDS, codeFields: { WEAK_PASSWORD: 'admin.password' } }));
    // The form is taller than a 1366×768 screen: bring the field the core refused into view (and the cursor to it).
    const refused = form.getFieldsError().find((f) => f.errors.length > 0);
    if (refused) form.scrollToField(refused.name, { block: 'center', focus: true });
  };

  return (
    <CenteredScreen testId="setup-screen" width={640} title={t.title}>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="setup"
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => setError(zhCN.ui.common.checkFields)}
        // Enter at the last field of a form taller than the screen: the first field in error comes into view.
        scrollToFirstError={{ block: 'center', focus: true }}
        autoComplete="off"
      >
        <Divider titlePlacement="start" plain>
          {t.counterSection}
        </Divider>
        <Form.Item label={t.counterName} name="counterName" rules={[requiredRule]}>
          <Input autoFocus placeholder={t.counterNamePlaceholder} data-testid="setup-counter-name" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t.counterCode} name="counterCode" rules={[requiredRule]} extra={t.counterCodeHint}>
              <Input data-testid="setup-counter-code" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t.countyCode} name="countyCode" rules={[requiredRule]} extra={<CountyHint form={form} />}>
              <Input inputMode="numeric" maxLength={6} data-testid="setup-county-code" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t.adminSection}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t.adminUsername} name={['admin', 'username']} rules={[requiredRule]} extra={t.usernameHint}>
              <Input data-testid="setup-admin-username" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t.adminDisplayName} name={['admin', 'displayName']} rules={[requiredRule]}>
              <Input data-testid="setup-admin-name" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t.password} name={['admin', 'password']} rules={[requiredRule]} extra={zhCN.ui.common.passwordRule}>
              <PasswordInput data-testid="setup-admin-password" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={t.confirmPassword}
              name="confirmPassword"
              dependencies={[['admin', 'password']]}
              rules={[requiredRule, sameAs(['admin', 'password'])]}
            >
              <PasswordInput data-testid="setup-admin-confirm" />
            </Form.Item>
          </Col>
        </Row>
        {/* Beside 完成设置并登录, where the clerk is looking when Enter seems to do nothing. */}
        <ErrorAlert error={error} testId="setup-error" />
        <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="setup-submit">
          {t.submit}
        </Button>
      </Form>
      <Divider />
      <RestoreEntry />
    </CenteredScreen>
  );
}
