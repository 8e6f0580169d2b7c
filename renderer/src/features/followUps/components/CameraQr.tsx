import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { CameraOutlined, StopOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { parseReceiptQr } from '../../../../../shared/print/qr';
import { decodeQr, frameSize } from '../../../lib/qrDecode';
import { cameraError } from '../../documents/keys';

const t = zhCN.followUps.page;
/** Frames decoded per second while the camera is open (each decode of a 960-wide frame takes tens of ms). */
const FRAME_MS = 200;

/**
 * 用高拍仪扫码: the notice or receipt laid under the document camera (高拍仪) is read from the live picture, for
 * counters without a QR scanner gun. F8 or the button opens it; the first receipt QR found opens the application
 * (through `onCode`, as a typed or gun-scanned code does) and the camera closes.
 */
export function CameraQr({ onCode }: { onCode: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notOurs, setNotOurs] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  // The page passes a new callback on every render; held here so a render never restarts the camera stream.
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F8' || e.repeat) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const found = useCallback(
    (text: string): boolean => {
      if (!parseReceiptQr(text)) {
        setNotOurs(text.slice(0, 60));
        return false;
      }
      setOpen(false);
      onCodeRef.current(text);
      return true;
    },
    [],
  );

  useEffect(() => {
    if (!open) return;
    setError(null);
    setNotOurs(null);
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const tick = () => {
      const v = video.current;
      if (stopped || !v || v.videoWidth === 0) return;
      const { width, height } = frameSize(v.videoWidth, v.videoHeight);
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d', { willReadFrequently: true });
      if (!g) return;
      g.drawImage(v, 0, 0, width, height);
      const text = decodeQr(g.getImageData(0, 0, width, height).data, width, height);
      if (text !== null && found(text)) window.clearInterval(timer);
    };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 1920 }, height: { ideal: 1080 } } });
        if (stopped) return;
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        timer = window.setInterval(tick, FRAME_MS);
      } catch (e: unknown) {
        setError(cameraError(e));
      }
    })();
    return () => {
      stopped = true;
      window.clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [open, found]);

  return (
    <Flex vertical align="flex-start" gap={8} data-testid="followup-camera">
      <Button icon={open ? <StopOutlined /> : <CameraOutlined />} onClick={() => setOpen((o) => !o)} data-testid="followup-camera-toggle" aria-pressed={open}>
        {open ? t.cameraStop : t.camera}
      </Button>
      {open && (
        <>
          <Typography.Text type="secondary">{t.cameraHint}</Typography.Text>
          <video ref={video} muted playsInline style={{ width: 480, maxWidth: '100%', background: '#000' }} data-testid="followup-camera-video" />
        </>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} data-testid="followup-camera-error" />}
      {notOurs && open && <Alert type="warning" showIcon role="alert" title={format(t.cameraNotOurs, { text: notOurs })} data-testid="followup-camera-not-ours" />}
    </Flex>
  );
}
