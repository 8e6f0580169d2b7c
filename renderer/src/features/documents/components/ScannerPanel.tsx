import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Flex, InputNumber, Select, Typography } from 'antd';
import { ScanOutlined, SearchOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { useDocumentsStore, type ScanMode } from '../store';
import { isTyping } from '../keys';

const t = zhCN.documents.scanner;
type Device = { id: string; vendor: string; model: string; type: string };

/** Flatbed or feeder scanner through the core's Scanner port (SANE / WIA); S scans. */
export function ScannerPanel({ materialKey, mode, active }: { materialKey: string; mode: ScanMode; active: boolean }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const [listError, setListError] = useState<RpcError | null>(null);
  const [resolution, setResolution] = useState(200);
  const [source, setSource] = useState<'flatbed' | 'adf'>('flatbed');
  const [maxPages, setMaxPages] = useState(10);
  const busy = useDocumentsStore((s) => s.busy);

  const find = useCallback(async () => {
    setListError(null);
    const r = await useDocumentsStore.getState().listScanners();
    if (!r.ok) {
      setDevices([]);
      setListError(r.error);
      return;
    }
    setDevices(r.value.devices);
    setDeviceId((cur) => cur ?? r.value.devices[0]?.id);
  }, []);

  useEffect(() => {
    if (active && devices === null) void find();
  }, [active, devices, find]);

  const scan = useCallback(async () => {
    if (!deviceId || busy) return;
    await useDocumentsStore.getState().scan(materialKey, { deviceId, resolution, mode, source, maxPages });
  }, [deviceId, busy, materialKey, resolution, mode, source, maxPages]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== 's' && e.key !== 'S') || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
      e.preventDefault();
      void scan();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, scan]);

  return (
    <Flex vertical gap={12} data-testid="scanner-panel">
      {listError && <Alert type="warning" showIcon role="alert" title={listError.message} data-testid="scanner-error" />}
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t.device}</Typography.Text>
        <Select
          style={{ minWidth: 280 }}
          value={deviceId}
          aria-label={t.device}
          data-testid="scanner-device"
          placeholder={t.none}
          options={(devices ?? []).map((d) => ({ value: d.id, label: `${d.vendor} ${d.model}（${d.id}）` }))}
          onChange={setDeviceId}
        />
        <Button icon={<SearchOutlined />} onClick={() => void find()}>
          {t.refresh}
        </Button>
      </Flex>
      <Flex gap={16} align="center" wrap>
        <span>
          {t.resolution}{' '}
          <Select
            value={resolution}
            aria-label={t.resolution}
            style={{ width: 110 }}
            options={[150, 200, 300].map((r) => ({ value: r, label: `${r} dpi` }))}
            onChange={setResolution}
          />
        </span>
        <span>
          {t.source}{' '}
          <Select
            value={source}
            aria-label={t.source}
            data-testid="scanner-source"
            style={{ width: 130 }}
            options={(['flatbed', 'adf'] as const).map((s) => ({ value: s, label: zhCN.documents.scannerSources[s] }))}
            onChange={setSource}
          />
        </span>
        {source === 'adf' && (
          <span>
            {t.pages} <InputNumber min={1} max={40} value={maxPages} onChange={(v) => setMaxPages(v ?? 1)} aria-label={t.pages} />
          </span>
        )}
      </Flex>
      <Button type="primary" icon={<ScanOutlined />} loading={busy} disabled={!deviceId} onClick={() => void scan()} data-testid="scanner-scan">
        {busy ? t.scanning : `${t.scan} (S)`}
      </Button>
    </Flex>
  );
}
