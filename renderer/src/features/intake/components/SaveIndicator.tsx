import { Button, Flex, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined, LoadingOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useIntakeStore } from '../store';

const t = zhCN.intake.save;

/** 已自动保存 hh:mm:ss / 保存中… / 保存失败（将重试）, with a retry that saves now. */
export function SaveIndicator() {
  const state = useIntakeStore((s) => s.saveState);
  const savedAt = useIntakeStore((s) => s.savedAt);
  const error = useIntakeStore((s) => s.saveError);
  const editing = useIntakeStore((s) => s.editing !== null);

  let icon = <CloudUploadOutlined />;
  let text: string = t.idle;
  let type: 'secondary' | 'success' | 'danger' | undefined = 'secondary';
  if (editing) text = t.editing;
  else if (state === 'saving') {
    icon = <LoadingOutlined />;
    text = t.saving;
  } else if (state === 'pending') text = t.pending;
  else if (state === 'saved' && savedAt) {
    icon = <CheckCircleOutlined />;
    text = format(t.saved, { time: dayjs(savedAt).format('HH:mm:ss') });
    type = 'success';
  } else if (state === 'error') {
    icon = <ExclamationCircleOutlined />;
    text = t.error;
    type = 'danger';
  }

  return (
    <Flex align="center" gap={6} data-testid="intake-save-state" data-state={editing ? 'editing' : state} aria-live="polite">
      <Tooltip title={state === 'error' ? error?.message : undefined}>
        <Typography.Text type={type}>
          {icon} {text}
        </Typography.Text>
      </Tooltip>
      {state === 'error' && !editing && (
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void useIntakeStore.getState().saveNow()} data-testid="intake-save-retry">
          {t.retry}
        </Button>
      )}
    </Flex>
  );
}
