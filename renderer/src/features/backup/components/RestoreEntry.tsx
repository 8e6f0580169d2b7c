import { useEffect, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useBackupStore, watchProgress, type ChosenArchive } from '../store';
import { RestoreDialog } from './RestoreDialog';

/**
 * “从备份恢复” for a desk that has no data yet (first-run set-up) or cannot open its data (boot error): the archive is
 * picked in the system's file dialog, and the recovery passphrase opens it when it came from another PC.
 */
export function RestoreEntry({ counterCode = null }: { counterCode?: string | null }) {
  const t = zhCN.backup.restore;
  const [chosen, setChosen] = useState<ChosenArchive | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  useEffect(() => watchProgress(), []);
  const pick = async () => {
    setError(null);
    const r = await useBackupStore.getState().chooseArchive();
    if (r && 'token' in r) setChosen(r);
    else if (r) setError(r);
  };
  return (
    <Flex vertical gap={8} data-testid="restore-entry">
      <Typography.Text type="secondary">{t.entryHint}</Typography.Text>
      <div>
        <Button icon={<HistoryOutlined />} onClick={() => void pick()} data-testid="restore-entry-button">
          {t.entry}
        </Button>
      </div>
      <ErrorAlert error={error} testId="restore-entry-error" />
      {chosen && <RestoreDialog chosen={chosen} counterCode={counterCode} onClose={() => setChosen(null)} />}
    </Flex>
  );
}
