import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Input, Modal, Progress, Typography } from 'antd';
import type { RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { megabytes, useBackupStore, type ChosenArchive } from '../store';

interface Props {
  chosen: ChosenArchive;
  /** This desk's counter code, when it has one (a fresh desk has none). */
  counterCode: string | null;
  onClose: () => void;
}

/** Confirms and runs a restore: what the archive holds, the passphrase when it came from another PC, progress. */
export function RestoreDialog({ chosen, counterCode, onClose }: Props) {
  const t = zhCN.backup.restore;
  const { info, token } = chosen;
  const [passphrase, setPassphrase] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const [done, setDone] = useState<{ opened: boolean; reenrollNeeded: boolean } | null>(null);
  const busy = useBackupStore((s) => s.busy === 'restore');
  const progress = useBackupStore((s) => s.progress);

  const start = async () => {
    setError(null);
    const r = await useBackupStore.getState().restore(token, info.sameMachine ? undefined : passphrase);
    if ('ok' in r) setDone({ opened: r.opened, reenrollNeeded: r.reenrollNeeded });
    else setError(r);
  };
  const finish = () => {
    // Everything in the window belonged to the replaced data: start the renderer afresh on the restored desk.
    window.location.reload();
  };

  return (
    <Modal open title={t.title} onCancel={done ? finish : onClose} maskClosable={false} footer={null} width={620} destroyOnHidden data-testid="restore-dialog">
      <Typography.Paragraph data-testid="restore-summary">
        {format(t.summary, {
          at: localTime(info.createdAt),
          counter: info.counterName ? `${info.counterName}（${info.counterCode ?? ''}）` : '—',
          applications: info.applications,
          pages: info.pages,
          file: info.fileName,
          size: megabytes(info.bytes),
        })}
      </Typography.Paragraph>
      {counterCode && info.counterCode && info.counterCode !== counterCode && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={format(t.otherCounter, { code: info.counterCode, mine: counterCode })} />}
      {done ? (
        <>
          <Alert type={done.opened ? 'success' : 'error'} showIcon title={done.opened ? t.done : t.notOpened} data-testid="restore-done" style={{ marginBottom: 12 }} />
          {done.reenrollNeeded && <Alert type="warning" showIcon title={t.reenroll} data-testid="restore-reenroll" style={{ marginBottom: 12 }} />}
          <Flex justify="end">
            <Button type="primary" onClick={finish} data-testid="restore-finish">
              {t.finish}
            </Button>
          </Flex>
        </>
      ) : info.fromNewerDesk ? (
        <Alert type="error" showIcon title={t.newer} data-testid="restore-newer" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{zhCN.backup.page.restoreIntro}</Typography.Paragraph>
          {info.sameMachine ? (
            <Typography.Paragraph>{t.sameMachine}</Typography.Paragraph>
          ) : (
            <Flex vertical gap={6} style={{ marginBottom: 12 }}>
              <label htmlFor="restore-passphrase">{t.needsPassphrase}</label>
              <Input.Password id="restore-passphrase" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} maxLength={256} autoComplete="off" data-testid="restore-passphrase" />
            </Flex>
          )}
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="restore-confirm">
            {t.confirm}
          </Checkbox>
          <ErrorAlert error={error} testId="restore-error" style={{ marginTop: 12 }} />
          {busy && progress?.operation === 'restore' && (
            <div style={{ marginTop: 12 }}>
              <Typography.Text>{format(t.working, { phase: zhCN.backup.phase[progress.phase], done: progress.done, total: progress.total })}</Typography.Text>
              <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} />
            </div>
          )}
          <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
            <Button onClick={onClose} disabled={busy}>
              {zhCN.ui.common.cancel}
            </Button>
            <Button type="primary" danger disabled={!confirmed || (!info.sameMachine && passphrase.length === 0)} loading={busy} onClick={() => void start()} data-testid="restore-start">
              {t.start}
            </Button>
          </Flex>
        </>
      )}
    </Modal>
  );
}
