import { useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { showFormError } from '../../../lib/rpcErrors';
import { useApplicationsStore } from '../store';

interface Props {
  id: string;
  receiptNo: string;
  open: boolean;
  onClose: () => void;
}

/** 作废: a supervisor or admin voids an application; the reason is required and goes into the audit trail. */
export function VoidModal({ id, receiptNo, open, onClose }: Props) {
  const t = zhCN.apps.detail.voidModal;
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    const err = await useApplicationsStore.getState().voidApplication(id, reason.trim());
    setBusy(false);
    if (err) {
      setError(showFormError(form, err, { fields: ['reason'] }));
      return;
    }
    void message.success(t.done);
    form.resetFields();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={format(t.title, { receiptNo })}
      okText={t.ok}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'app-void-confirm' }}
      cancelText={zhCN.ui.common.cancel}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
      data-testid="app-void-modal"
    >
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="app-void-error" />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
        <Form.Item
          name="reason"
          label={t.reason}
          rules={[{ required: true, whitespace: true, min: 2, message: t.reasonRequired }]}
        >
          <Input.TextArea autoFocus rows={3} maxLength={200} showCount placeholder={t.reasonPlaceholder} data-testid="app-void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
