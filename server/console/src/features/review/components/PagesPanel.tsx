import { useEffect, useState } from 'react';
import { Button, Empty, Flex, Space, Tooltip, Typography } from 'antd';
import { LeftOutlined, RightOutlined, RotateRightOutlined, ExpandOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import type { ApplicationView } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { pageShortcut } from '../../../lib/keys';
import { useReviewStore } from '../store';

const t = consoleText.review;

/**
 * Every scanned page beside the record: a strip of pages by material, the page large with zoom and rotation.
 * Keys (outside text fields): ← → or PageUp/PageDown page through, + − zoom, R rotates, 0 restores.
 */
export function PagesPanel({ view }: { view: ApplicationView }) {
  const index = useReviewStore((s) => s.page);
  const setPage = useReviewStore((s) => s.setPage);
  const [zoom, setZoom] = useState(1);
  const [turn, setTurn] = useState(0);
  const [failed, setFailed] = useState(false);
  const pages = view.pages;
  const page = pages[index];

  useEffect(() => {
    setTurn(0);
    setFailed(false);
  }, [page?.pageId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!pageShortcut(e)) return;
      const i = useReviewStore.getState().page;
      switch (e.key) {
        case 'ArrowLeft':
        case 'PageUp':
          setPage(i - 1);
          break;
        case 'ArrowRight':
        case 'PageDown':
          setPage(i + 1);
          break;
        case '+':
        case '=':
          setZoom((z) => Math.min(4, z * 1.25));
          break;
        case '-':
          setZoom((z) => Math.max(0.25, z / 1.25));
          break;
        case 'r':
        case 'R':
          setTurn((x) => (x + 90) % 360);
          break;
        case '0':
          setZoom(1);
          setTurn(0);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPage]);

  if (!view.can.viewPages) return <Typography.Text type="secondary">{t.pagesHidden}</Typography.Text>;
  if (pages.length === 0) return <Empty description={t.noPages} data-testid="pages-empty" />;

  return (
    <div data-testid="pages-panel" style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, gap: 8 }}>
      <Flex gap={6} align="center" wrap>
        <Tooltip title="←">
          <Button size="small" icon={<LeftOutlined aria-hidden />} disabled={index === 0} onClick={() => setPage(index - 1)} data-testid="page-prev">
            {t.prevPage}
          </Button>
        </Tooltip>
        <Tooltip title="→">
          <Button size="small" icon={<RightOutlined aria-hidden />} disabled={index >= pages.length - 1} onClick={() => setPage(index + 1)} data-testid="page-next">
            {t.nextPage}
          </Button>
        </Tooltip>
        <Button size="small" icon={<ZoomInOutlined aria-hidden />} onClick={() => setZoom((z) => Math.min(4, z * 1.25))} data-testid="page-zoom-in">
          {t.zoomIn}
        </Button>
        <Button size="small" icon={<ZoomOutOutlined aria-hidden />} onClick={() => setZoom((z) => Math.max(0.25, z / 1.25))}>
          {t.zoomOut}
        </Button>
        <Button size="small" icon={<RotateRightOutlined aria-hidden />} onClick={() => setTurn((x) => (x + 90) % 360)} data-testid="page-rotate">
          {t.rotate}
        </Button>
        <Button size="small" icon={<ExpandOutlined aria-hidden />} onClick={() => (setZoom(1), setTurn(0))}>
          {t.fit}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="page-zoom" data-zoom={zoom} data-turn={turn}>
          {Math.round(zoom * 100)}%
        </Typography.Text>
      </Flex>
      {page && (
        <Typography.Text strong data-testid="page-caption" data-index={index} aria-live="polite">
          {format(t.pageOf, { i: index + 1, n: pages.length, material: page.materialName, pageNo: page.pageNo })}
        </Typography.Text>
      )}
      <div style={{ display: 'flex', gap: 8, flex: 1, minHeight: 0 }}>
        <ol aria-label={t.pages} style={{ listStyle: 'none', margin: 0, padding: 0, width: 128, overflowY: 'auto', flexShrink: 0 }} data-testid="page-strip">
          {pages.map((p, i) => (
            <li key={p.pageId} style={{ marginBottom: 4 }}>
              <Button
                block
                size="small"
                type={i === index ? 'primary' : 'default'}
                aria-current={i === index ? 'page' : undefined}
                onClick={() => setPage(i)}
                style={{ textAlign: 'left', overflow: 'hidden', textOverflow: 'ellipsis' }}
                title={`${p.materialName} ${p.pageNo}`}
                data-testid={`page-thumb-${i}`}
              >
                {p.materialName} {p.pageNo}
              </Button>
            </li>
          ))}
        </ol>
        <div role="region" aria-label={t.pages} tabIndex={0} style={{ flex: 1, overflow: 'auto', background: '#eef1f5', borderRadius: 6, textAlign: 'center', minWidth: 0 }} data-testid="page-stage">
          {page && failed && <Typography.Paragraph type="danger" role="alert" style={{ padding: 24 }}>{t.pageFailed}</Typography.Paragraph>}
          {page && !failed && page.contentType === 'application/pdf' && (
            <Space direction="vertical" style={{ padding: 24 }}>
              <Typography.Text>{t.pdfPage}</Typography.Text>
              <a href={page.url} target="_blank" rel="noopener" data-testid="page-pdf">
                {t.openPdf}
              </a>
            </Space>
          )}
          {page && !failed && page.contentType !== 'application/pdf' && (
            <div style={{ padding: 8 }}>
              <img
                key={page.pageId}
                src={page.url}
                alt={format(t.pageAlt, { material: page.materialName, pageNo: page.pageNo })}
                onError={() => setFailed(true)}
                data-testid="page-image"
                style={{ display: 'block', margin: '0 auto', width: `${zoom * 100}%`, maxWidth: 'none', transform: `rotate(${turn}deg)`, transition: 'transform 0.15s', background: '#fff' }}
              />
            </div>
          )}
        </div>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.viewerHint}
      </Typography.Text>
    </div>
  );
}
