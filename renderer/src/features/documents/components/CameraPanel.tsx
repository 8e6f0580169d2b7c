import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Select, Typography } from 'antd';
import { CameraOutlined, ReloadOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useDocumentsStore, type ScanMode } from '../store';
import { cameraError, isTyping } from '../keys';

const t = zhCN.documents.camera;

/** Live preview of a document camera (高拍仪, a UVC camera) at its highest resolution; Space captures. */
export function CameraPanel({ materialKey, mode, active }: { materialKey: string; mode: ScanMode; active: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const busy = useDocumentsStore((s) => s.busy);

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setSize(null);
  }, []);

  const start = useCallback(
    async (id: string | undefined) => {
      stop();
      setError(null);
      try {
        // Ask for far more than any camera has: the browser settles on the device's highest mode.
        const s = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { ...(id ? { deviceId: { exact: id } } : {}), width: { ideal: 4096 }, height: { ideal: 3072 } },
        });
        stream.current = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => undefined);
        }
        const settings = s.getVideoTracks()[0]?.getSettings();
        setSize(settings?.width && settings.height ? { width: settings.width, height: settings.height } : null);
        const list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
        setDevices(list);
        if (!id) setDeviceId(settings?.deviceId ?? list[0]?.deviceId);
      } catch (e: unknown) {
        setError(cameraError(e));
      }
    },
    [stop],
  );

  useEffect(() => {
    if (active) void start(deviceId);
    else stop();
    return stop;
    // The device choice restarts the stream through onChange; here only visibility matters.
  }, [active]);

  const capture = useCallback(async () => {
    const v = video.current;
    if (!v || !stream.current || v.videoWidth === 0 || busy) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    if (!blob) return;
    await useDocumentsStore.getState().importBytes(materialKey, zhCN.documents.sources.camera, await blob.arrayBuffer(), 'camera', mode);
  }, [busy, materialKey, mode]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.repeat || isTyping(e.target)) return;
      e.preventDefault();
      void capture();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, capture]);

  return (
    <Flex vertical gap={8} data-testid="camera-panel">
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t.device}</Typography.Text>
        <Select
          style={{ minWidth: 260 }}
          value={deviceId}
          data-testid="camera-device"
          aria-label={t.device}
          options={devices.map((d, i) => ({ value: d.deviceId, label: d.label || `${t.device} ${i + 1}` }))}
          onChange={(id: string) => {
            setDeviceId(id);
            void start(id);
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void start(deviceId)}>
          {t.refresh}
        </Button>
        {size && (
          <Typography.Text type="secondary" data-testid="camera-resolution">
            {format(t.resolution, size)}
          </Typography.Text>
        )}
      </Flex>
      {error && <Alert type="error" showIcon role="alert" title={error} data-testid="camera-error" />}
      <video
        ref={video}
        muted
        playsInline
        data-testid="camera-video"
        style={{ width: '100%', maxHeight: 420, background: '#111', borderRadius: 4, objectFit: 'contain' }}
      />
      <Button type="primary" icon={<CameraOutlined />} onClick={() => void capture()} loading={busy} disabled={!size && !!error} data-testid="camera-capture">
        {t.capture}
      </Button>
    </Flex>
  );
}
