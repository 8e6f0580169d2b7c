import { useState } from 'react';
import { App, Button, Flex, Form, Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import type { RpcError } from '../../../../../shared/contract';
import { CenteredScreen } from '../../../lib/CenteredScreen';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { staffLabel } from '../../../lib/format';
import { requiredRule, sameAs } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useShellStore } from '../../shell/store';
import { useSessionStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface ChangeForm {
  currentPassword?: string;
  newPassword: string;
  confirmPassword: string;
}

/** Shown instead of the main frame until someone with an admin-set password chooses their own. */
export default function ChangePasswordScreen() {
  const t = zhCN.ui.changePassword;
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeForm>();
  const session = useSessionStore((s) => s.status?.session);
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  // The temporary password typed at sign-in a moment ago is not asked for again; the core says when it no longer counts.
  const [askCurrent, setAskCurrent] = useState(!session?.passwordProven);

  const submit = async (values: ChangeForm) => {
    setBusy(true);
    setError(null);
    const err = await useSessionStore.getState().changePassword(askCurrent ? (values.currentPassword ?? '') : undefined, values.newPassword);
    setBusy(false);
    if (!err) {
      void message.success(t.done);
      useShellStore.getState().navigate('/');
      return;
    }
    if (err.code === 'CURRENT_PASSWORD_REQUIRED') setAskCurrent(true);
    setError(
      showFormError(form, err, {
        fields: ['currentPassword', 'newPassword'],
        codeFields: { WRONG_CURRENT_PASSWORD: 'currentPassword', CURRENT_PASSWORD_REQUIRED: 'currentPassword', WEAK_PASSWORD: 'newPassword' },
      }),
    );
  };

  return (
    <CenteredScreen
      testId="change-password-screen"
      width={460}
      title={t.title}
      subtitle={session ? staffLabel(session.displayName, session.role) : null}
    >
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="change-password-error" />
      <Form form={form} layout="vertical" name="changePassword" onFinish={(v) => void submit(v)} requiredMark={false} autoComplete="off">
        {askCurrent && (
          <Form.Item label={t.current} name="currentPassword" rules={[requiredRule]}>
            <PasswordInput autoFocus data-testid="change-current" />
          </Form.Item>
        )}
        <Form.Item label={t.next} name="newPassword" rules={[requiredRule]} extra={zhCN.ui.common.passwordRule}>
          <PasswordInput autoFocus={!askCurrent} data-testid="change-new" />
        </Form.Item>
        <Form.Item label={t.confirm} name="confirmPassword" dependencies={['newPassword']} rules={[requiredRule, sameAs('newPassword')]}>
          <PasswordInput data-testid="change-confirm" />
        </Form.Item>
        <Flex vertical gap={8}>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-submit">
            {t.submit}
          </Button>
          <Button type="link" onClick={() => void useSessionStore.getState().logout()} data-testid="change-logout">
            {t.logout}
          </Button>
        </Flex>
      </Form>
    </CenteredScreen>
  );
}
