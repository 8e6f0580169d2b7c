import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Button, Card, Flex, Form, Typography, type InputRef } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { RpcError } from '../../../../../shared/contract';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { staffLabel } from '../../../lib/format';
import { requiredRule } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useSessionStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface UnlockForm {
  password: string;
}

/**
 * Covers the whole window while the session is locked. The app underneath stays mounted (so
 * unsaved input survives) but is made inert: no focus, no clicks, no screen reader access.
 */
export function LockOverlay() {
  const t = zhCN.ui.lock;
  const session = useSessionStore((s) => s.status?.session);
  const [form] = Form.useForm<UnlockForm>();
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const overlayRef = useRef<HTMLDivElement>(null);
  const passwordRef = useRef<InputRef>(null);

  useLayoutEffect(() => {
    // Captured here rather than with autoFocus, which would already have moved focus to the overlay.
    const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const others = Array.from(document.body.children).filter(
      (el): el is HTMLElement => el instanceof HTMLElement && el !== overlayRef.current && !el.inert,
    );
    for (const el of others) el.inert = true;
    passwordRef.current?.focus();
    return () => {
      for (const el of others) el.inert = false;
      // Back to where the clerk was typing.
      if (previousFocus?.isConnected) previousFocus.focus();
    };
  }, []);

  const submit = async (values: UnlockForm) => {
    setBusy(true);
    setError(null);
    const err = await useSessionStore.getState().unlock(values.password);
    setBusy(false);
    if (!err) return;
    form.setFieldValue('password', '');
    setError(showFormError(form, err, { fields: ['password'] }));
    passwordRef.current?.focus();
  };

  const name = session ? staffLabel(session.displayName, session.role) : '';

  return createPortal(
    <div
      ref={overlayRef}
      role="dialog"
      aria-modal="true"
      aria-labelledby="lock-overlay-title"
      data-testid="lock-overlay"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 3000,
        background: 'linear-gradient(160deg, #0e2a4d 0%, #1f5fae 100%)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Card style={{ width: 400, maxWidth: '90vw' }}>
        <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
          <LockOutlined style={{ fontSize: '2.25rem', color: '#1f5fae' }} />
          <Typography.Title level={4} id="lock-overlay-title" style={{ margin: 0 }}>
            {t.title}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {format(t.body, { name })}
          </Typography.Text>
        </Flex>
        <ErrorAlert error={error} testId="unlock-error" />
        <Form form={form} layout="vertical" name="unlock" onFinish={(v) => void submit(v)} requiredMark={false} autoComplete="off">
          <Form.Item label={t.password} name="password" rules={[requiredRule]}>
            <PasswordInput ref={passwordRef} size="large" data-testid="unlock-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="unlock-submit">
            {t.submit}
          </Button>
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => void useSessionStore.getState().logout()} data-testid="unlock-logout">
            {t.logout}
          </Button>
        </Form>
      </Card>
    </div>,
    document.body,
  );
}
