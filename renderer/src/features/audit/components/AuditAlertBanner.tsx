import { useState } from 'react';
import { Alert, Button, Flex, Input, Typography } from 'antd';
import type { AuditIncident, RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useAuditStore } from '../store';

/**
 * A tamper the core found in its audit log and no admin has acknowledged: shown above every page. An admin writes
 * what was done about it and acknowledges; others are told to fetch the admin.
 */
export function AuditAlertBanner({ alert, isAdmin }: { alert: AuditIncident; isAdmin: boolean }) {
  const t = zhCN.ui.audit;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  const acknowledge = async () => {
    setBusy(true);
    setError(await useAuditStore.getState().acknowledgeAlert(note));
    setBusy(false);
  };

  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-alert"
      style={{ marginBottom: 16 }}
      title={format(t.alertTitle, { seq: alert.seq, at: localTime(alert.at, true) })}
      description={
        <Flex vertical gap={8}>
          <Typography.Text>{format(t.alertBody, { problem: alert.problem })}</Typography.Text>
          <Typography.Text strong>{isAdmin ? t.alertAdminHint : t.alertOthersHint}</Typography.Text>
          {isAdmin && (
            <>
              <label htmlFor="audit-alert-note">{t.alertNoteLabel}</label>
              <Input.TextArea
                id="audit-alert-note"
                data-testid="audit-alert-note"
                rows={2}
                maxLength={500}
                value={note}
                placeholder={t.alertNotePlaceholder}
                onChange={(e) => setNote(e.target.value)}
              />
              <ErrorAlert error={error} testId="audit-alert-error" />
              <div>
                <Button danger type="primary" loading={busy} disabled={note.trim() === ''} onClick={() => void acknowledge()} data-testid="audit-alert-acknowledge">
                  {t.alertAcknowledge}
                </Button>
              </div>
            </>
          )}
        </Flex>
      }
    />
  );
}
