import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select } from 'antd';
import type { Role, RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { requiredRule } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useStaffStore } from '../store';
import { PasswordInput } from '../../../lib/PasswordInput';

interface CreateForm {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export const roleOptions = (['clerk', 'supervisor', 'admin'] as const).map((r) => ({ value: r, label: zhCN.roles[r] }));

export function CreateStaffModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = zhCN.ui.staff.createModal;
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: CreateForm) => {
    setBusy(true);
    setError(null);
    const res = await useStaffStore.getState().create(values);
    setBusy(false);
    if (res.ok) {
      void message.success(format(t.done, { name: res.value.displayName }));
      onClose();
      return;
    }
    setError(
      showFormError(form, res.error, {
        fields: ['username', 'displayName', 'role', 'password'],
        codeFields: { USERNAME_TAKEN: 'username', WEAK_PASSWORD: 'password' },
      }),
    );
  };

  return (
    <Modal
      open={open}
      title={t.title}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      // autoFocus puts the cursor in the first field at once; typing during the open animation must not hit the close button.
      afterOpenChange={(isOpen) => !isOpen && setError(null)}
    >
      <div data-testid="staff-create-modal">
      <ErrorAlert error={error} testId="staff-create-error" />
      <Form
        form={form}
        layout="vertical"
        name="createStaff"
        initialValues={{ role: 'clerk' }}
        onFinish={(v) => void submit(v)}
        autoComplete="off"
        preserve={false}
      >
        <Form.Item label={t.username} name="username" rules={[requiredRule]} extra={t.usernameHint}>
          <Input autoFocus data-testid="staff-create-username" />
        </Form.Item>
        <Form.Item label={t.displayName} name="displayName" rules={[requiredRule]}>
          <Input data-testid="staff-create-name" />
        </Form.Item>
        <Form.Item label={t.role} name="role" rules={[requiredRule]}>
          <Select options={roleOptions} data-testid="staff-create-role" />
        </Form.Item>
        <Form.Item label={t.password} name="password" rules={[requiredRule]} extra={t.passwordHint}>
          <PasswordInput data-testid="staff-create-password" />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{zhCN.ui.common.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-create-submit">
            {t.submit}
          </Button>
        </Flex>
      </Form>
      </div>
    </Modal>
  );
}
