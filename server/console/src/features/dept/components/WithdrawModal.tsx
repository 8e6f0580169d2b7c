import { useState } from 'react';
import { App, Input, Modal, Typography } from 'antd';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import type { ConsoleError } from '../../../transport/client';
import { type ImportInfo, useDeptStore } from '../store';

const v = deptConsoleText.versions;

/** Withdrawing a version takes a reason; its rows stop counting at once. */
export function WithdrawModal({ imp, onClose }: { imp: ImportInfo; onClose: () => void }) {
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | string | null>(null);
  const submit = async () => {
    if (reason.trim().length < 2) return setError(v.reasonRequired);
    setBusy(true);
    const res = await useDeptStore.getState().withdraw(imp.id, reason.trim());
    setBusy(false);
    if (!res.ok) return setError(res.error);
    void message.success(format(v.withdrawn, { id: imp.id, verified: res.verified }));
    onClose();
  };
  return (
    <Modal
      open
      title={format(v.withdrawTitle, { id: imp.id })}
      okText={v.withdraw}
      okButtonProps={{ danger: true, loading: busy, ...({ 'data-testid': 'dept-withdraw-confirm' } as object) }}
      cancelText={consoleText.common.cancel}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>{imp.fileName}</Typography.Paragraph>
      <Typography.Paragraph type="warning">{v.withdrawWarn}</Typography.Paragraph>
      <label htmlFor="dept-withdraw-reason">{v.withdrawReason}</label>
      <Input.TextArea id="dept-withdraw-reason" rows={2} maxLength={300} placeholder={v.withdrawReasonHint} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="dept-withdraw-reason" />
      <ErrorAlert error={error} testId="dept-withdraw-error" style={{ marginTop: 8 }} />
    </Modal>
  );
}
