import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber } from 'antd';
import type { DeskSettings, RpcError } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { onceNoticeText } from '../../../../../shared/i18n/zhCN.onceNotice';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { requiredRule } from '../../../lib/passwordRules';
import { showFormError } from '../../../lib/rpcErrors';
import { useSettingsStore } from '../store';
import { SyncSettingsCard } from '../../sync/components/SyncSettingsCard';
import { CardReaderSettingsCard } from '../../cardReader/components/CardReaderSettingsCard';
import { PageTitle } from '../../../lib/PageTitle';

/** 系统设置 (admin). */
export default function SettingsPage() {
  const t = zhCN.ui.settings;
  const { message } = App.useApp();
  const [form] = Form.useForm<DeskSettings>();
  const { settings, loadError, saving } = useSettingsStore();
  const [error, setError] = useState<RpcError | string | null>(null);
  const fieldsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void useSettingsStore.getState().load();
  }, []);
  useEffect(() => {
    if (!settings) return;
    form.setFieldsValue(settings);
    fieldsRef.current?.querySelector('input')?.focus();
  }, [settings, form]);

  const submit = async (values: DeskSettings) => {
    setError(null);
    const err = await useSettingsStore.getState().save(values);
    if (!err) {
      void message.success(t.saved);
      return;
    }
    setError(showFormError(form, err, { fields: ['idleLockMinutes', 'counterAddress', 'counterHours'] }));
  };

  return (
    <div data-testid="settings-page" style={{ maxWidth: 720 }}>
      <PageTitle style={{ marginBottom: '0.75rem' }}>{t.title}</PageTitle>
      <ErrorAlert error={loadError} testId="settings-load-error" />
      <Card title={t.securityCard}>
        <ErrorAlert error={error} testId="settings-error" />
        <div ref={fieldsRef}>
        <Form form={form} layout="vertical" name="settings" onFinish={(v) => void submit(v)} disabled={!settings} autoComplete="off">
          <Form.Item label={t.idleLockMinutes} name="idleLockMinutes" rules={[requiredRule]} extra={t.idleLockHint}>
            <InputNumber<number>
              min={1}
              max={120}
              precision={0}
              suffix={t.minutesSuffix}
              style={{ width: 200 }}
              data-testid="settings-idle-minutes"
            />
          </Form.Item>
          <Form.Item label={onceNoticeText.counterAddress} name="counterAddress" extra={onceNoticeText.settingsCard}>
            <Input maxLength={120} data-testid="settings-counter-address" />
          </Form.Item>
          <Form.Item label={onceNoticeText.counterHours} name="counterHours" extra={onceNoticeText.counterHoursHint}>
            <Input maxLength={60} data-testid="settings-counter-hours" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
            {zhCN.ui.common.save}
          </Button>
        </Form>
        </div>
      </Card>
      <SyncSettingsCard />
      <CardReaderSettingsCard />
    </div>
  );
}
