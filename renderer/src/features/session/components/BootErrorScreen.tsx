import { useState } from 'react';
import { Alert, Button, Flex, Result, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { RestoreEntry } from '../../backup/components/RestoreEntry';
import { useSessionStore } from '../store';

interface Props {
  kind: 'boot' | 'connection';
  error: { code: string; message: string };
}

/** The desk cannot open its data (boot) or cannot reach its core (connection). Nothing further is reachable. */
export function BootErrorScreen({ kind, error }: Props) {
  const t = zhCN.ui.boot;
  if (kind === 'connection') {
    return (
      <Flex align="center" justify="center" style={{ height: '100%' }} data-testid="connection-error">
        <Result
          icon={<Spin size="large" />}
          title={t.connectionLost}
          subTitle={
            <>
              <div>{error.message}</div>
              <div>{t.connectionHint}</div>
            </>
          }
        />
      </Flex>
    );
  }
  return (
    <Flex align="center" justify="center" style={{ height: '100%', padding: 24 }} data-testid="boot-error">
      <Result
        status="error"
        title={t.title}
        subTitle={<Typography.Text style={{ fontSize: '1rem' }} data-testid="boot-error-message">{error.message}</Typography.Text>}
        style={{ maxWidth: 720 }}
      >
        <Typography.Paragraph>
          {t.codeLabel}<Typography.Text code copyable data-testid="boot-error-code">{error.code}</Typography.Text>
        </Typography.Paragraph>
        <Alert type="warning" showIcon title={t.whatToDo} style={{ marginBottom: 16 }} />
        <RestartEntry />
        <RestoreEntry />
      </Result>
    </Flex>
  );
}

/** 重新启动 (issue 10): the core opens its data again once the cause is put right, without closing the desk. */
function RestartEntry() {
  const t = zhCN.ui.boot;
  const restarting = useSessionStore((s) => s.restarting);
  const [error, setError] = useState<RpcError | null>(null);
  const restart = async () => {
    setError(null);
    setError(await useSessionStore.getState().restart());
  };
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="boot-restart">
      <Typography.Text type="secondary">{t.restartHint}</Typography.Text>
      <div>
        <Button type="primary" icon={<ReloadOutlined />} loading={restarting} autoFocus onClick={() => void restart()} data-testid="boot-restart-button">
          {restarting ? t.restarting : t.restart}
        </Button>
      </div>
      <ErrorAlert error={error} testId="boot-restart-error" />
    </Flex>
  );
}
