import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Typography } from 'antd';
import type { CardReaderConfig, RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { showFormError } from '../../../lib/rpcErrors';
import { useCardReaderStore } from '../store';

interface FormValues {
  libraryPath: string;
  port: number | null;
}

/** Settings → 身份证阅读器 (admin): where the vendor's library is, the port, and whether the reader answers. */
export function CardReaderSettingsCard() {
  const t = zhCN.cardReader.settings;
  const [form] = Form.useForm<FormValues>();
  const { status, loadError, busy } = useCardReaderStore();
  const [error, setError] = useState<RpcError | string | null>(null);

  useEffect(() => {
    void useCardReaderStore.getState().load();
  }, []);
  useEffect(() => {
    if (status) form.setFieldsValue({ libraryPath: status.config.libraryPath ?? '', port: status.config.port });
  }, [status, form]);

  const save = async (config: CardReaderConfig) => {
    setError(null);
    const err = await useCardReaderStore.getState().configure(config);
    if (err) setError(showFormError(form, err, { fields: ['libraryPath', 'port'] }));
  };

  const state = status?.state;
  return (
    <Card title={t.title} style={{ marginTop: 16 }} data-testid="card-reader-settings">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={loadError ?? error} testId="card-reader-settings-error" />
      {status && (
        <Alert
          style={{ marginBottom: 16 }}
          data-testid="card-reader-state"
          type={state === 'ready' ? 'success' : state === 'error' ? 'warning' : 'info'}
          showIcon
          title={
            state === 'ready'
              ? format(t.state.ready, { family: status.family ?? '', port: status.port ?? '' })
              : state === 'error'
                ? `${t.state.error}：${status.error?.message ?? ''}`
                : t.state.notConfigured
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        name="card-reader"
        autoComplete="off"
        onFinish={(v) => void save({ libraryPath: v.libraryPath.trim() || null, port: v.port ?? null })}
      >
        <Form.Item label={t.libraryPath} name="libraryPath" extra={t.libraryPathHint}>
          <Input data-testid="card-reader-library" />
        </Form.Item>
        <Form.Item label={t.port} name="port" extra={t.portHint}>
          <InputNumber<number> min={1} max={1016} precision={0} placeholder={t.portAuto} style={{ width: 200 }} data-testid="card-reader-port" />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="card-reader-save">
            {t.save}
          </Button>
          <Button onClick={() => void save({ libraryPath: null, port: null })} disabled={busy || !status?.config.libraryPath} data-testid="card-reader-clear">
            {t.clear}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
