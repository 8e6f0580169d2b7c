import { Alert, Flex, Result, Spin, Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { RestoreEntry } from '../../backup/components/RestoreEntry';

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
        <RestoreEntry />
      </Result>
    </Flex>
  );
}
