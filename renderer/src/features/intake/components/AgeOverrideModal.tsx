import { useRef, useState } from 'react';
import { Form, Input, Modal, Typography, type InputRef } from 'antd';
import type { RpcError } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PasswordInput } from '../../../lib/PasswordInput';
import { showFormError } from '../../../lib/rpcErrors';
import { useSessionStore } from '../../session/store';
import { useIntakeStore } from '../store';

interface OverrideForm {
  reason: string;
  supervisorUsername?: string;
  supervisorPassword?: string;
}

const t = zhCN.intake.age;
const w = zhCN.intake.window;

/** What is approved: the age exception, or taking the application outside the registration window (issue 10). */
export type ApprovalKind = 'age' | 'window';
const texts: Record<ApprovalKind, { title: string; intro: string; placeholder: string }> = {
  age: { title: t.modalTitle, intro: t.modalIntro, placeholder: t.reasonPlaceholder },
  window: { title: w.modalTitle, intro: w.modalIntro, placeholder: w.reasonPlaceholder },
};

/**
 * A supervisor's approval at the counter — the age exception (延缓/提前入学) or an application outside the
 * registration window: a supervisor or admin approves it directly; a clerk's request carries a supervisor's own
 * username and password, checked by the core.
 */
export function AgeOverrideModal({ onClose, kind = 'age' }: { onClose: () => void; kind?: ApprovalKind }) {
  const tid = `intake-${kind}`;
  const text = texts[kind];
  const [form] = Form.useForm<OverrideForm>();
  const role = useSessionStore((s) => s.status?.session?.role);
  const needsSupervisor = role === 'clerk';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | string | null>(null);
  const userRef = useRef<InputRef>(null);
  const passwordRef = useRef<InputRef>(null);

  const submit = async (values: OverrideForm) => {
    setBusy(true);
    setError(null);
    const store = useIntakeStore.getState();
    const approve = kind === 'age' ? store.approveAgeOverride : store.approveOutsideWindow;
    const err = await approve({
      reason: values.reason,
      ...(needsSupervisor ? { supervisorUsername: values.supervisorUsername ?? '', supervisorPassword: values.supervisorPassword ?? '' } : {}),
    });
    setBusy(false);
    if (!err) {
      onClose();
      return;
    }
    form.setFieldValue('supervisorPassword', '');
    setError(showFormError(form, err, { fields: ['reason', 'supervisorUsername', 'supervisorPassword'], codeFields: { SUPERVISOR_REQUIRED: 'supervisorPassword' } }));
  };

  return (
    <Modal
      open
      title={text.title}
      okText={t.submit}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid={`${tid}-modal`}
    >
      <Typography.Paragraph type="secondary">{text.intro}</Typography.Paragraph>
      <ErrorAlert error={error} testId={`${tid}-error`} />
      <Form form={form} layout="vertical" name={`${kind}-override`} onFinish={(v) => void submit(v)} autoComplete="off">
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ validator: (_r, v: string | undefined) => ([...(v ?? '').trim()].length >= 2 ? Promise.resolve() : Promise.reject(new Error(t.reasonTooShort))) }]}
        >
          <Input
            autoFocus
            maxLength={200}
            placeholder={text.placeholder}
            data-testid={`${tid}-reason`}
            onPressEnter={() => (needsSupervisor ? userRef.current?.focus() : form.submit())}
          />
        </Form.Item>
        {needsSupervisor && (
          <>
            <Typography.Paragraph type="secondary">{t.supervisorHint}</Typography.Paragraph>
            <Form.Item label={t.supervisorUsername} name="supervisorUsername" rules={[{ required: true, message: zhCN.fields.required }]}>
              <Input ref={userRef} data-testid={`${tid}-supervisor`} onPressEnter={() => passwordRef.current?.focus()} />
            </Form.Item>
            <Form.Item label={t.supervisorPassword} name="supervisorPassword" rules={[{ required: true, message: zhCN.fields.required }]}>
              <PasswordInput ref={passwordRef} data-testid={`${tid}-password`} onPressEnter={() => form.submit()} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
