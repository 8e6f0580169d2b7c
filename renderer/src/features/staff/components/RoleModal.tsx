import { useState } from 'react';
import { App, Button, Flex, Form, Modal, Select } from 'antd';
import type { Role, RpcError, Staff } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { requiredRule } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useStaffStore } from '../store';
import { roleOptions } from './CreateStaffModal';

interface RoleForm {
  role: Role;
}

export function RoleModal({ staff, onClose }: { staff: Staff | null; onClose: () => void }) {
  const t = zhCN.ui.staff.roleModal;
  const { message } = App.useApp();
  const [form] = Form.useForm<RoleForm>();
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = staff?.displayName ?? '';

  const submit = async (values: RoleForm) => {
    if (!staff) return;
    setBusy(true);
    setError(null);
    const res = await useStaffStore.getState().setRole(staff.id, values.role);
    setBusy(false);
    if (res.ok) {
      void message.success(format(t.done, { name, role: zhCN.roles[res.value.role] }));
      onClose();
      return;
    }
    // LAST_ADMIN and SELF_CHANGE_FORBIDDEN are about the change as a whole: shown above the form.
    setError(showFormError(form, res.error, { fields: ['role'] }));
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
      <div data-testid="staff-role-modal">
      <ErrorAlert error={error} testId="staff-role-error" />
      <Form
        form={form}
        layout="vertical"
        name="setRole"
        initialValues={{ role: staff?.role }}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item label={t.role} name="role" rules={[requiredRule]}>
          <Select autoFocus options={roleOptions} data-testid="staff-role-select" />
        </Form.Item>
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{zhCN.ui.common.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-role-submit">
            {t.submit}
          </Button>
        </Flex>
      </Form>
      </div>
    </Modal>
  );
}
