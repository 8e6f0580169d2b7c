import { useCallback, useEffect, useState } from 'react';
import { Button, Empty, Flex, List, Typography } from 'antd';
import { ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useDocumentsStore, type ScanMode } from '../store';

const t = zhCN.documents.inbox;
type InboxFile = { path: string; name: string; bytes: number; modifiedAt: string };

/** Files a network scanner dropped into the scan-to-folder inbox, newest first; checked every few seconds. */
export function InboxPanel({ materialKey, mode, active }: { materialKey: string; mode: ScanMode; active: boolean }) {
  const [files, setFiles] = useState<InboxFile[]>([]);
  const [dirs, setDirs] = useState<string[]>([]);
  const [error, setError] = useState<RpcError | null>(null);
  const busy = useDocumentsStore((s) => s.busy);

  const refresh = useCallback(async () => {
    const r = await useDocumentsStore.getState().listInbox();
    if (!r.ok) return setError(r.error);
    setFiles(r.value.files);
    setDirs(r.value.dirs);
  }, []);

  useEffect(() => {
    if (!active) return;
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [active, refresh]);

  const take = async (f: InboxFile) => {
    if (await useDocumentsStore.getState().importPath(materialKey, f.path, mode)) await refresh();
  };

  return (
    <Flex vertical gap={8} data-testid="inbox-panel">
      <Flex gap={8} align="center">
        <Typography.Text type="secondary">{format(t.dirs, { dirs: dirs.join('；') })}</Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void refresh()}>
          {zhCN.documents.camera.refresh}
        </Button>
      </Flex>
      <ErrorAlert error={error} testId="inbox-error" />
      {files.length === 0 ? (
        <Empty description={t.empty} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={files}
          renderItem={(f) => (
            <List.Item
              data-testid={`inbox-${f.name}`}
              actions={[
                <Button key="import" size="small" type="primary" icon={<ImportOutlined />} loading={busy} onClick={() => void take(f)}>
                  {t.import}
                </Button>,
              ]}
            >
              {f.name} · {(f.bytes / 1024).toFixed(0)} KB · {localTime(f.modifiedAt, true)}
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
