import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { RpcError } from '../../../../../shared/contract';
import { CenteredScreen } from '../../../lib/CenteredScreen';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { showFormError } from '../../../lib/rpcErrors';
import { useShellStore } from '../../shell/store';
import { useSessionStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginScreen() {
  const t = zhCN.ui.login;
  const [form] = Form.useForm<LoginForm>();
  const counter = useSessionStore((s) => s.status?.counter);
  const insecure = useSessionStore((s) => s.status?.insecureKeyStorage ?? false);
  const notice = useSessionStore((s) => s.loginNotice);
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<InputRef>(null);

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    const { login, clearLoginNotice } = useSessionStore.getState();
    clearLoginNotice();
    const err = await login(values.username, values.password);
    setBusy(false);
    if (!err) {
      useShellStore.getState().navigate('/');
      return;
    }
    setError(showFormError(form, err, { fields: ['username', 'password'] }));
    // Wrong password: clear it and let the clerk type it again straight away.
    form.setFieldValue('password', '');
    passwordRef.current?.focus();
  };

  return (
    <CenteredScreen
      testId="login-screen"
      title={t.title}
      subtitle={counter ? format(t.counterLine, { name: counter.counterName, code: counter.counterCode }) : null}
      banner={
        insecure ? (
          <Alert type="warning" showIcon data-testid="insecure-key-banner" title={t.insecureKeyTitle} description={t.insecureKeyBody} />
        ) : null
      }
    >
      <ErrorAlert error={error ?? notice} testId="login-error" />
      <Form form={form} layout="vertical" name="login" onFinish={(v) => void submit(v)} requiredMark={false} autoComplete="off">
        <Form.Item label={t.username} name="username" rules={[{ required: true, message: zhCN.fields.required }]}>
          <Input prefix={<UserOutlined />} autoFocus data-testid="login-username" size="large" />
        </Form.Item>
        <Form.Item label={t.password} name="password" rules={[{ required: true, message: zhCN.fields.required }]}>
          <PasswordInput ref={passwordRef} prefix={<LockOutlined />} data-testid="login-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
          {t.submit}
        </Button>
      </Form>
    </CenteredScreen>
  );
}
