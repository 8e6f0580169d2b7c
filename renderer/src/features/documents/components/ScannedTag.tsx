import { useEffect } from 'react';
import { Button, Flex, Tag } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useShellStore } from '../../shell/store';
import { useDocumentsStore } from '../store';
import { scanPath } from './scanRoute';

const t = zhCN.documents;

/** Loads the application's pages once, for the checklist tags below. */
export function useScannedPages(applicationId: string | null): void {
  useEffect(() => {
    if (applicationId) void useDocumentsStore.getState().load(applicationId);
  }, [applicationId]);
}

/** "已扫描 N 页" or "未扫描" for one material item, and a button to the scan desk for it. */
export function ScannedTag({ applicationId, materialKey, from }: { applicationId: string; materialKey: string; from: string }) {
  const pages = useDocumentsStore((s) => (s.applicationId === applicationId ? (s.items[materialKey]?.length ?? 0) : 0));
  return (
    <Flex gap={6} align="center" data-testid={`scanned-${materialKey}`} data-pages={pages}>
      {pages > 0 ? <Tag color="green">{format(t.scanned, { pages })}</Tag> : <Tag>{t.notScanned}</Tag>}
      <Button
        size="small"
        icon={<ScanOutlined />}
        data-testid={`scan-open-${materialKey}`}
        onClick={() => useShellStore.getState().navigate(scanPath(applicationId, materialKey, from))}
      >
        {t.open}
      </Button>
    </Flex>
  );
}
