import { useEffect, useState } from 'react';
import { Alert, App, Button, InputNumber, Modal, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localMinute } from '../../../lib/format';
import { useQueueStore } from '../store';

const t = consoleText.queue;

/**
 * 批量审核通过 over the filtered set: the server counts the 待审核 applications of the filter (in the reviewer's
 * scope) and hands out a token for exactly those; the reviewer types the count to confirm.
 */
export function BulkApprove() {
  const { message } = App.useApp();
  const { preview, busy, error } = useQueueStore((s) => s.bulk);
  const [typed, setTyped] = useState<number | null>(null);

  useEffect(() => {
    useQueueStore.getState().resetBulk();
  }, []);

  const start = async () => {
    await useQueueStore.getState().startBulk();
    setTyped(null);
  };

  const confirm = async () => {
    const done = await useQueueStore.getState().confirmBulk();
    if (done) void message.success(format(t.bulkDone, { approved: done.approved, skipped: done.skipped }));
  };

  const matches = preview !== null && typed === preview.count;
  return (
    <>
      <Button icon={<CheckCircleOutlined aria-hidden />} onClick={() => void start()} loading={busy && !preview} title={t.bulkHint} data-testid="bulk-approve">
        {t.bulk}
      </Button>
      {!preview && <ErrorAlert error={error} testId="bulk-error" style={{ marginBottom: 0 }} />}
      <Modal
        open={preview !== null}
        title={t.bulkTitle}
        onCancel={() => useQueueStore.getState().closeBulk()}
        okText={format(t.bulkSubmit, { count: preview?.count ?? 0 })}
        okButtonProps={{ disabled: !matches || preview?.count === 0, loading: busy, ...{ 'data-testid': 'bulk-confirm' } }}
        onOk={() => void confirm()}
        destroyOnHidden
      >
        {preview && preview.count === 0 ? (
          <Typography.Paragraph data-testid="bulk-none">{t.bulkNone}</Typography.Paragraph>
        ) : (
          preview && (
            <div data-testid="bulk-preview" data-count={preview.count}>
              <Typography.Paragraph strong>{format(t.bulkCount, { count: preview.count.toLocaleString('zh-CN') })}</Typography.Paragraph>
              {preview.limited && <Alert type="warning" showIcon title={t.bulkLimited} style={{ marginBottom: 12 }} />}
              {preview.sample.length > 0 && (
                <Typography.Paragraph type="secondary">
                  {t.bulkSample}
                  {preview.sample.map((s) => `${s.childName}（${s.receiptNo}）`).join('、')}
                  {preview.count > preview.sample.length ? '…' : ''}
                </Typography.Paragraph>
              )}
              <Typography.Paragraph type="secondary">{format(t.bulkExpires, { at: localMinute(preview.expiresAt) })}</Typography.Paragraph>
              <label htmlFor="bulk-count">{format(t.bulkConfirmLabel, { count: preview.count })}</label>
              <InputNumber
                id="bulk-count"
                min={0}
                value={typed}
                onChange={(v) => setTyped(typeof v === 'number' ? v : null)}
                onPressEnter={() => matches && void confirm()}
                style={{ display: 'block', width: 200, marginTop: 4 }}
                status={typed !== null && !matches ? 'error' : undefined}
                data-testid="bulk-count"
                autoFocus
              />
              {typed !== null && !matches && (
                <Typography.Text type="danger" role="alert">
                  {t.bulkConfirmMismatch}
                </Typography.Text>
              )}
              <ErrorAlert error={error} testId="bulk-error" style={{ marginTop: 12 }} />
            </div>
          )
        )}
      </Modal>
    </>
  );
}
