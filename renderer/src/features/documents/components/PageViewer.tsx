import { useEffect, useRef, useState } from 'react';
import { Button, Flex, Modal, Spin, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, CompressOutlined, LeftOutlined, RightOutlined, RotateRightOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import type { PageView } from '../../../../../shared/contract/documents';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useDocumentsStore } from '../store';
import { CropOverlay, type CropRect } from './CropOverlay';

const t = zhCN.documents.viewer;

/** Full page with zoom, view rotation and page navigation. Keys: + − R ← → Esc. */
export function PageViewer({ pages, index, itemName, onIndex, onClose }: { pages: PageView[]; index: number | null; itemName: string; onIndex: (i: number) => void; onClose: () => void }) {
  const page = index === null ? undefined : pages[index];
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [zoom, setZoom] = useState(1);
  const [turn, setTurn] = useState(0);
  const [crop, setCrop] = useState<CropRect | null>(null);
  const img = useRef<HTMLImageElement>(null);

  const applyCrop = async () => {
    if (!page || !crop) return;
    // The cropped page replaces this one in place; the store reloads the strip's list.
    const failed = await useDocumentsStore.getState().crop(page.id, { left: crop.left, top: crop.top, width: crop.right - crop.left, height: crop.bottom - crop.top });
    if (failed) return setError(failed);
    setCrop(null);
    onClose();
  };

  useEffect(() => {
    if (!page) return;
    let revoked = false;
    let objectUrl: string | null = null;
    setUrl(null);
    setError(null);
    setTurn(0);
    setCrop(null);
    void useDocumentsStore
      .getState()
      .pageImage(page.id)
      .then((r) => {
        if (revoked) return;
        if (!r.ok) return setError(r.error);
        objectUrl = URL.createObjectURL(r.value);
        setUrl(objectUrl);
      });
    return () => {
      revoked = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [page]);

  useEffect(() => {
    if (index === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && crop) void applyCrop();
      else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(4, z * 1.25));
      else if (e.key === '-') setZoom((z) => Math.max(0.25, z / 1.25));
      else if (e.key === 'r' || e.key === 'R') setTurn((x) => (x + 90) % 360);
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else if (e.key === 'ArrowRight' && index < pages.length - 1) onIndex(index + 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, pages.length, onIndex, crop]);

  return (
    <Modal
      open={page !== undefined}
      onCancel={onClose}
      footer={null}
      width="90vw"
      title={page ? format(t.title, { item: itemName, pageNo: page.pageNo, total: pages.length }) : ''}
      styles={{ body: { height: '78vh', overflow: 'auto' } }}
      destroyOnHidden
    >
      <Flex gap={8} style={{ marginBottom: 8 }} data-testid="viewer-tools">
        <Button icon={<LeftOutlined />} disabled={!index} onClick={() => index && onIndex(index - 1)}>
          {t.prev}
        </Button>
        <Button icon={<RightOutlined />} disabled={index === null || index >= pages.length - 1} onClick={() => index !== null && onIndex(index + 1)}>
          {t.next}
        </Button>
        <Button icon={<ZoomInOutlined />} onClick={() => setZoom((z) => Math.min(4, z * 1.25))}>
          {t.zoomIn}
        </Button>
        <Button icon={<ZoomOutOutlined />} onClick={() => setZoom((z) => Math.max(0.25, z / 1.25))}>
          {t.zoomOut}
        </Button>
        <Button icon={<RotateRightOutlined />} onClick={() => setTurn((x) => (x + 90) % 360)}>
          {t.rotate}
        </Button>
        {page && page.mime !== 'application/pdf' && !crop && (
          <Button icon={<CompressOutlined />} onClick={() => (setTurn(0), setZoom(1), setCrop({ left: 0.05, top: 0.05, right: 0.95, bottom: 0.95 }))} data-testid="viewer-crop">
            {t.crop}
          </Button>
        )}
        {crop && (
          <>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => void applyCrop()} data-testid="viewer-crop-apply">
              {t.cropApply}
            </Button>
            <Button icon={<CloseOutlined />} onClick={() => setCrop(null)}>
              {t.cropCancel}
            </Button>
          </>
        )}
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {Math.round(zoom * 100)}%
        </Typography.Text>
      </Flex>
      <ErrorAlert error={error} testId="viewer-error" />
      {page && !url && !error && <Spin />}
      {page && url && page.mime === 'application/pdf' && (
        <>
          <Typography.Text>{format(t.pdf, { pages: page.pdfPages ?? 0 })}</Typography.Text>
          <iframe title={itemName} src={url} data-testid="viewer-pdf" style={{ width: '100%', height: '70vh', border: 0 }} />
        </>
      )}
      {page && url && page.mime !== 'application/pdf' && (
        <div style={{ textAlign: 'center' }}>
          <div style={{ position: 'relative', display: 'inline-block', height: `${zoom * 70}vh`, overflow: crop ? 'hidden' : 'visible' }}>
          <img
            ref={img}
            src={url}
            alt={format(zhCN.documents.strip.page, { pageNo: page.pageNo })}
            data-testid="viewer-image"
            style={{ display: 'block', height: '100%', width: 'auto', maxWidth: 'none', transform: `rotate(${turn}deg)`, transition: 'transform 0.15s' }}
          />
          {crop && <CropOverlay image={img} rect={crop} onChange={setCrop} />}
          </div>
        </div>
      )}
    </Modal>
  );
}
