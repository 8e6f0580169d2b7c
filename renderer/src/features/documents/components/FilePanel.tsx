import { useEffect, useRef, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useDocumentsStore, type ScanMode } from '../store';
import { isTyping } from '../keys';

const t = zhCN.documents.file;

/** Pick or drop images and PDFs; O opens the picker. The core decides the type by content. */
export function FilePanel({ materialKey, mode, active }: { materialKey: string; mode: ScanMode; active: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const busy = useDocumentsStore((s) => s.busy);
  const take = (files: FileList | null) => {
    if (files && files.length > 0) void useDocumentsStore.getState().importFiles(materialKey, [...files], mode);
  };

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== 'o' && e.key !== 'O') || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
      e.preventDefault();
      input.current?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={12}
      data-testid="file-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
      style={{ minHeight: 220, border: `2px dashed ${over ? '#1677ff' : '#d9d9d9'}`, borderRadius: 6, padding: 24, background: over ? '#f0f7ff' : '#fafafa' }}
    >
      <InboxOutlined style={{ fontSize: '2.5rem', color: '#1677ff' }} />
      <Typography.Text>{t.drop}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
        {format(t.accepted, { maxPdfPages: 60 })}
      </Typography.Text>
      <Button loading={busy} onClick={() => input.current?.click()} data-testid="file-pick">
        {t.pick} (O)
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept="image/jpeg,image/png,image/tiff,image/heic,image/heif,image/avif,application/pdf,.heic,.tif,.tiff"
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
    </Flex>
  );
}
