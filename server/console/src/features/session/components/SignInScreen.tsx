import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useSessionStore } from '../store';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';

const t = consoleText.signIn;

interface Values {
  username: string;
  password: string;
}

export function SignInScreen() {
  const notice = useSessionStore((s) => s.notice);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [caps, setCaps] = useState(false);
  const [form] = Form.useForm<Values>();

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const err = await useSessionStore.getState().signIn(v.username.trim(), v.password);
    setBusy(false);
    if (err) {
      setError(err.message);
      // The user name stays; the password is typed again.
      form.setFieldValue('password', '');
    }
  };

  return (
    <main style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 }}>
      <Card style={{ width: 400 }} data-testid="sign-in">
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.subtitle}</Typography.Paragraph>
        {notice && !error && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="sign-in-notice" />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" role="alert" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
          <Form.Item label={t.username} name="username" rules={[{ required: true, whitespace: true, message: t.usernameRequired }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus data-testid="sign-in-username" />
          </Form.Item>
          <Form.Item label={t.password} name="password" rules={[{ required: true, message: t.passwordRequired }]} extra={caps ? t.capsLock : undefined}>
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              data-testid="sign-in-password"
              onKeyUp={(e) => setCaps(e.getModifierState('CapsLock'))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
            {busy ? t.submitting : t.submit}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          <a href="/lookup">{t.lookupLink}</a>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
