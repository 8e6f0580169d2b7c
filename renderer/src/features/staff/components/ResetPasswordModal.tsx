import { useState } from 'react';
import { App, Button, Flex, Form, Modal, Typography } from 'antd';
import type { RpcError, Staff } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { requiredRule, sameAs } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useStaffStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface ResetForm {
  newPassword: string;
  confirmPassword: string;
}

export function ResetPasswordModal({ staff, onClose }: { staff: Staff | null; onClose: () => void }) {
  const t = zhCN.ui.staff.resetModal;
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetForm>();
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = staff?.displayName ?? '';

  const submit = async (values: ResetForm) => {
    if (!staff) return;
    setBusy(true);
    setError(null);
    const res = await useStaffStore.getState().resetPassword(staff.id, values.newPassword);
    setBusy(false);
    if (res.ok) {
      void message.success(format(t.done, { name }));
      onClose();
      return;
    }
    setError(showFormError(form, res.error, { fields: ['newPassword'], codeFields: { WEAK_PASSWORD: 'newPassword' } }));
  };

  return (
    <Modal
      open={staff !== null}
      title={format(t.title, { name })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      // autoFocus puts the cursor in the first field at once; typing during the open animation must not hit the close button.
      afterOpenChange={(isOpen) => !isOpen && setError(null)}
    >
      <div data-testid="staff-reset-modal">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="staff-reset-error" />
      <Form form={form} layout="vertical" name="resetPassword" onFinish={(v) => void submit(v)} autoComplete="off" preserve={false}>
        <Form.Item label={t.password} name="newPassword" rules={[requiredRule]} extra={zhCN.ui.common.passwordRule}>
          <PasswordInput autoFocus data-testid="staff-reset-password" />
        </Form.Item>
        <Form.Item
          label={zhCN.ui.setup.confirmPassword}
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[requiredRule, sameAs('newPassword')]}
        >
          <PasswordInput data-testid="staff-reset-confirm" />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{zhCN.ui.common.cancel}</Button>
          <Button type="primary" danger htmlType="submit" loading={busy} data-testid="staff-reset-submit">
            {t.submit}
          </Button>
        </Flex>
      </Form>
      </div>
    </Modal>
  );
}
