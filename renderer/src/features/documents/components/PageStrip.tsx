import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Flex, Modal, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, RotateRightOutlined, ScissorOutlined, SwapOutlined } from '@ant-design/icons';
import type { PageView } from '../../../../../shared/contract/documents';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useDocumentsStore } from '../store';

const t = zhCN.documents.strip;

/**
 * The item's pages as thumbnails. Keyboard: ←/→ choose, Alt+←/→ move the page, R rotate, T trim the border, Delete remove
 * (asks first), Enter open the viewer.
 */
export function PageStrip({ materialKey, pages, onOpen }: { materialKey: string; pages: PageView[]; onOpen: (index: number) => void }) {
  const [selected, setSelected] = useState(0);
  const [confirm, setConfirm] = useState<PageView | null>(null);
  const refs = useRef<Array<HTMLDivElement | null>>([]);
  const store = useDocumentsStore.getState;
  const busy = useDocumentsStore((s) => s.busy);
  const at = Math.min(selected, Math.max(0, pages.length - 1));

  useEffect(() => {
    if (selected !== at) setSelected(at);
  }, [at, selected]);

  const focus = (i: number) => {
    setSelected(i);
    refs.current[i]?.focus();
  };
  const move = async (page: PageView, delta: -1 | 1) => {
    const to = page.pageNo - 1 + delta;
    if (to < 0 || to >= pages.length) return;
    await store().move(materialKey, page.id, delta);
    focus(to);
  };
  const rotate = async (page: PageView) => {
    if (page.mime === 'application/pdf') return;
    await store().rotate(page.id);
    focus(page.pageNo - 1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, page: PageView, i: number) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const delta = e.key === 'ArrowLeft' ? -1 : 1;
      if (e.altKey) void move(page, delta);
      else focus(Math.min(pages.length - 1, Math.max(0, i + delta)));
    } else if (e.key === 'r' || e.key === 'R') {
      e.preventDefault();
      void rotate(page);
    } else if ((e.key === 't' || e.key === 'T') && page.mime !== 'application/pdf') {
      e.preventDefault();
      void store().trim(page.id).then(() => focus(i));
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setConfirm(page);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(i);
    }
  };

  if (pages.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="strip-empty">
        {t.empty}
      </Typography.Text>
    );
  }
  return (
    <>
      <Flex gap={12} wrap role="list" data-testid="page-strip" aria-label={zhCN.documents.title}>
        {pages.map((p, i) => (
          <div
            key={p.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="listitem"
            tabIndex={i === at ? 0 : -1}
            data-testid={`page-${p.pageNo}`}
            data-page-id={p.id}
            data-sha={p.sha256}
            data-width={p.width ?? ''}
            aria-label={format(t.page, { pageNo: p.pageNo })}
            onKeyDown={(e) => onKeyDown(e, p, i)}
            onClick={() => setSelected(i)}
            onDoubleClick={() => onOpen(i)}
            style={{
              width: 220,
              padding: 6,
              border: `2px solid ${i === at ? '#1677ff' : '#e5e7eb'}`,
              borderRadius: 6,
              background: '#fff',
              outline: 'none',
            }}
          >
            <img src={p.thumb} alt={format(t.page, { pageNo: p.pageNo })} style={{ display: 'block', width: 208, height: 226, objectFit: 'contain', background: '#f5f5f5' }} />
            <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
              <Typography.Text style={{ fontSize: '0.75rem' }}>
                {format(t.page, { pageNo: p.pageNo })}
                {p.pdfPages ? ` · ${format(t.pdfPages, { pages: p.pdfPages })}` : ''}
              </Typography.Text>
              <Flex gap={2}>
                <Tooltip title={t.moveUp}>
                  <Button size="small" type="text" aria-label={t.moveUp} icon={<ArrowLeftOutlined />} disabled={i === 0 || busy} onClick={() => void move(p, -1)} data-testid={`page-${p.pageNo}-left`} />
                </Tooltip>
                <Tooltip title={t.moveDown}>
                  <Button size="small" type="text" aria-label={t.moveDown} icon={<ArrowRightOutlined />} disabled={i === pages.length - 1 || busy} onClick={() => void move(p, 1)} data-testid={`page-${p.pageNo}-right`} />
                </Tooltip>
                <Tooltip title={t.rotate}>
                  <Button size="small" type="text" aria-label={t.rotate} icon={<RotateRightOutlined />} disabled={p.mime === 'application/pdf' || busy} onClick={() => void rotate(p)} data-testid={`page-${p.pageNo}-rotate`} />
                </Tooltip>
                <Tooltip title={t.trim}>
                  <Button size="small" type="text" aria-label={t.trim} icon={<ScissorOutlined />} disabled={p.mime === 'application/pdf' || busy} onClick={() => void store().trim(p.id)} data-testid={`page-${p.pageNo}-trim`} />
                </Tooltip>
                <Tooltip title={t.replace}>
                  <Button size="small" type="text" aria-label={t.replace} icon={<SwapOutlined />} disabled={busy} onClick={() => useDocumentsStore.setState({ replaceTarget: p })} data-testid={`page-${p.pageNo}-replace`} />
                </Tooltip>
                <Tooltip title={t.remove}>
                  <Button size="small" type="text" danger aria-label={t.remove} icon={<DeleteOutlined />} onClick={() => setConfirm(p)} data-testid={`page-${p.pageNo}-remove`} />
                </Tooltip>
              </Flex>
            </Flex>
          </div>
        ))}
      </Flex>
      <Modal
        open={confirm !== null}
        title={t.remove}
        okText={t.remove}
        okButtonProps={{ danger: true, id: 'page-remove-ok' }}
        onOk={() => {
          const page = confirm;
          setConfirm(null);
          if (page) void store().remove(page.id).then(() => focus(Math.max(0, at - 1)));
        }}
        onCancel={() => setConfirm(null)}
      >
        {confirm && format(t.removeConfirm, { pageNo: confirm.pageNo })}
      </Modal>
    </>
  );
}
