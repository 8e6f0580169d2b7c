import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useSessionStore } from '../store';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';

const t = consoleText.changePassword;

interface Values {
  current: string;
  next: string;
  repeat: string;
}

export default function ChangePasswordScreen() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const err = await useSessionStore.getState().changePassword(v.current, v.next);
    setBusy(false);
    if (err) setError(err.message);
  };

  return (
    <main style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 }}>
      <Card style={{ width: 440 }} data-testid="change-password">
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.why}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid="change-password-error" />}
        <Form layout="vertical" onFinish={(v: Values) => void submit(v)} requiredMark={false} disabled={busy}>
          <Form.Item label={t.current} name="current" rules={[{ required: true, message: consoleText.signIn.passwordRequired }]}>
            <Input.Password autoComplete="current-password" autoFocus data-testid="cp-current" />
          </Form.Item>
          <Form.Item
            label={t.next}
            name="next"
            extra={t.rule}
            dependencies={['current']}
            rules={[
              { required: true, message: t.rule },
              { min: 8, message: t.rule },
              { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: t.rule },
              ({ getFieldValue }) => ({
                validator: (_r, v: string) => (v && v === getFieldValue('current') ? Promise.reject(new Error(t.same)) : Promise.resolve()),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="cp-next" />
          </Form.Item>
          <Form.Item
            label={t.repeat}
            name="repeat"
            dependencies={['next']}
            rules={[
              { required: true, message: t.mismatch },
              ({ getFieldValue }) => ({
                validator: (_r, v: string) => (v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t.mismatch))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="cp-repeat" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="cp-submit">
            {t.submit}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
