import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Progress, Space, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, FolderOpenOutlined, SafetyOutlined, UsbOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { RECOVERY_PASSPHRASE_MIN } from '../../../../../shared/contract/backup';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { showFormError } from '../../../lib/rpcErrors';
import { localTime } from '../../../lib/format';
import { hasRole, useSessionStore } from '../../session/store';
import { megabytes, useBackupStore, watchProgress, type ChosenArchive } from '../store';
import { RestoreDialog } from './RestoreDialog';

const t = zhCN.backup.page;

function BackupCard({ isAdmin }: { isAdmin: boolean }) {
  const status = useBackupStore((s) => s.status);
  const progress = useBackupStore((s) => s.progress);
  const busy = useBackupStore((s) => s.busy);
  const lastRun = useBackupStore((s) => s.lastRun);
  const error = useBackupStore((s) => s.error);
  if (!status) return null;
  const last = status.last;
  const running = busy === 'run' || progress?.operation === 'backup';
  return (
    <Card title={t.lastTitle} style={{ marginBottom: 16 }} data-testid="backup-card">
      <ErrorAlert error={error} testId="backup-error" onClose={() => useBackupStore.getState().clearError()} />
      {last ? (
        <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t.lastTitle}>
            <span data-testid="backup-last">{format(t.lastValue, { at: localTime(last.at), trigger: zhCN.backup.trigger[last.trigger] })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.lastFile}>
            {format(t.lastDetail, { file: last.fileName, size: megabytes(last.bytes), applications: last.applications, pages: last.pages })}
            {last.folder !== status.folder && format(t.lastIn, { folder: last.folder })}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" showIcon title={t.never} style={{ marginBottom: 12 }} data-testid="backup-never" />
      )}
      {last && status.stale && <Alert type="warning" showIcon title={format(t.stale, { hours: status.staleAfterHours })} style={{ marginBottom: 12 }} data-testid="backup-stale" />}
      {status.lastFailure && <Alert type="error" showIcon title={format(t.failed, { at: localTime(status.lastFailure.at), message: status.lastFailure.message })} style={{ marginBottom: 12 }} data-testid="backup-failed" />}
      {!status.recovery && <Alert type="warning" showIcon title={t.noRecoveryWarning} style={{ marginBottom: 12 }} data-testid="backup-no-recovery" />}
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t.folder}>
          <Space wrap>
            <Typography.Text data-testid="backup-folder">{status.folder ?? t.noFolder}</Typography.Text>
            {isAdmin && (
              <Button size="small" icon={<FolderOpenOutlined />} loading={busy === 'folder'} onClick={() => void useBackupStore.getState().chooseFolder()} data-testid="backup-choose-folder">
                {t.chooseFolder}
              </Button>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t.schedule}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<CloudDownloadOutlined />} disabled={!status.folder || running} loading={busy === 'run'} onClick={() => void useBackupStore.getState().run(false)} data-testid="backup-run">
          {t.runNow}
        </Button>
        <Button icon={<UsbOutlined />} disabled={running} onClick={() => void useBackupStore.getState().run(true)} data-testid="backup-run-other">
          {t.runOther}
        </Button>
      </Space>
      {running && progress && (
        <div style={{ marginTop: 12 }} data-testid="backup-progress">
          <Typography.Text>{format(t.running, { phase: zhCN.backup.phase[progress.phase], done: progress.done, total: progress.total, mb: (progress.bytes / 1048576).toFixed(1) })}</Typography.Text>
          <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} status="active" />
        </div>
      )}
      {lastRun && <Alert type="success" showIcon style={{ marginTop: 12 }} title={format(t.done, { file: lastRun.fileName, size: megabytes(lastRun.bytes) })} data-testid="backup-done" />}
    </Card>
  );
}

function RecoveryCard() {
  const status = useBackupStore((s) => s.status);
  const busy = useBackupStore((s) => s.busy === 'passphrase');
  const [form] = Form.useForm<{ passphrase: string; confirm: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!status) return null;
  const submit = async (v: { passphrase: string; confirm: string }) => {
    setSaved(false);
    const err = await useBackupStore.getState().setPassphrase(v.passphrase, v.confirm);
    // The core's rules (length, too simple, the two entries differ) show at their fields.
    setError(err ? showFormError(form, err, { fields: ['passphrase', 'confirm'] }) : null);
    if (!err) {
      form.resetFields();
      setSaved(true);
    }
  };
  return (
    <Card title={<Space><SafetyOutlined />{t.recoveryTitle}</Space>} style={{ marginBottom: 16 }} data-testid="recovery-card">
      <Typography.Paragraph data-testid="recovery-state">
        {status.recovery ? format(t.recoverySet, { by: status.recovery.setBy, at: localTime(status.recovery.setAt) }) : t.recoveryNotSet}
      </Typography.Paragraph>
      <Typography.Paragraph>{t.recoveryExplain}</Typography.Paragraph>
      <Alert type="warning" showIcon title={t.recoveryLost} style={{ marginBottom: 8 }} />
      {status.recovery && <Alert type="info" showIcon title={t.recoveryChange} style={{ marginBottom: 12 }} />}
      <ErrorAlert error={error} testId="recovery-error" />
      {saved && <Alert type="success" showIcon title={t.recoverySaved} style={{ marginBottom: 12 }} data-testid="recovery-saved" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 420 }} requiredMark={false}>
        <Form.Item name="passphrase" label={t.passphrase} rules={[{ required: true, min: RECOVERY_PASSPHRASE_MIN, message: format(t.tooShort, { n: RECOVERY_PASSPHRASE_MIN }) }]}>
          <Input.Password autoComplete="new-password" maxLength={256} data-testid="recovery-passphrase" />
        </Form.Item>
        <Form.Item name="confirm" label={t.confirm} dependencies={['passphrase']} rules={[{ required: true, message: zhCN.fields.required }]}>
          <Input.Password autoComplete="new-password" maxLength={256} data-testid="recovery-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="recovery-save">
          {status.recovery ? t.changeRecovery : t.setRecovery}
        </Button>
      </Form>
    </Card>
  );
}

function RestoreCard({ counterCode }: { counterCode: string | null }) {
  const archives = useBackupStore((s) => s.archives);
  const folder = useBackupStore((s) => s.status?.folder ?? null);
  const [chosen, setChosen] = useState<ChosenArchive | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const pick = async (fileName?: string) => {
    setError(null);
    const r = await useBackupStore.getState().chooseArchive(fileName);
    if (r && 'token' in r) setChosen(r);
    else if (r) setError(r);
  };
  return (
    <Card title={t.restoreTitle} data-testid="restore-card">
      <Typography.Paragraph type="secondary">{t.restoreIntro}</Typography.Paragraph>
      <ErrorAlert error={error} testId="restore-card-error" />
      {folder && (
        <List
          size="small"
          bordered
          style={{ marginBottom: 12 }}
          locale={{ emptyText: t.archivesEmpty }}
          dataSource={archives}
          renderItem={(a) => (
            <List.Item
              data-testid="archive-item"
              actions={[
                <Button key="restore" size="small" danger disabled={a.fromNewerDesk} onClick={() => void pick(a.fileName)} data-testid="archive-restore">
                  {t.restoreThis}
                </Button>,
              ]}
            >
              <Flex gap={8} wrap align="center">
                <span>{format(t.archiveLine, { at: localTime(a.createdAt), counter: a.counterCode ?? '', applications: a.applications, pages: a.pages, size: megabytes(a.bytes) })}</span>
                {!a.sameMachine && <Tag color="blue">{t.otherPc}</Tag>}
                {!a.hasRecovery && <Tag color="orange">{t.noRecovery}</Tag>}
                {a.fromNewerDesk && <Tag color="red">{t.newer}</Tag>}
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Button onClick={() => void pick()} data-testid="restore-choose-file">
        {t.chooseArchive}
      </Button>
      {chosen && <RestoreDialog chosen={chosen} counterCode={counterCode} onClose={() => setChosen(null)} />}
    </Card>
  );
}

/** 数据备份与恢复: the last good backup, backing up now, the recovery passphrase and restore. */
export default function BackupPage() {
  const session = useSessionStore((s) => s.status?.session);
  const counterCode = useSessionStore((s) => s.status?.counter?.counterCode ?? null);
  const isAdmin = session?.role === 'admin';
  useEffect(() => {
    void useBackupStore.getState().load();
    if (isAdmin) void useBackupStore.getState().loadArchives();
    const off = watchProgress();
    return off;
  }, [isAdmin]);
  if (!session) return null;
  return (
    <div style={{ maxWidth: 900 }} data-testid="backup-page">
      <Typography.Title level={1} className="desk-page-title" style={{ margin: '0 0 0.75rem', fontSize: '1.25rem' }}>
        {t.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <BackupCard isAdmin={isAdmin} />
      {hasRole(session.role, ['supervisor', 'admin']) && <RecoveryCard />}
      {isAdmin && <RestoreCard counterCode={counterCode} />}
    </div>
  );
}
