import { useEffect, useId, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Flex, Input, InputNumber, List, Modal, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { documentKinds, papersFor, type DocumentKind, type PaperSize } from '../../../../../shared/print/types';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { FieldLabel } from '../../../lib/FieldLabel';
import { useShellStore } from '../../shell/store';
import { printPath, printRouteOf } from '../printRoute';
import { usePrintingStore } from '../store';
import { PdfPreview } from './PdfPreview';
import { PageTitle } from '../../../lib/PageTitle';

const t = zhCN.printing.screen;
const kinds = zhCN.printing.kinds;
const papers = zhCN.printing.papers;

/** Preview and print one application's documents: the stored PDF, a printer per document kind, copies, reprints with a reason. */
export default function PrintPage() {
  const path = useShellStore((s) => s.path);
  const { applicationId, kind: routeKind, from } = printRouteOf(path);
  const s = usePrintingStore();
  const ids = useId();
  const [printer, setPrinter] = useState<string | undefined>();
  const [copies, setCopies] = useState(1);
  const [withDialog, setWithDialog] = useState(false);
  const [reprintOpen, setReprintOpen] = useState(false);
  const [reason, setReason] = useState('');
  const printButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (applicationId) void usePrintingStore.getState().open(applicationId, routeKind);
    // Open once per application (the route's document kind is read then); switching documents stays on this page.
  }, [applicationId]);

  // The remembered printer for this document kind, else the system default.
  useEffect(() => {
    setPrinter(s.remembered[s.kind] ?? s.printers.find((p) => p.isDefault)?.name ?? s.printers[0]?.name);
  }, [s.kind, s.remembered, s.printers]);

  const start = () => {
    if (!s.doc || s.printing) return;
    if (s.doc.printCount > 0) {
      setReason('');
      setReprintOpen(true);
      return;
    }
    void s.print({ printer, copies, withDialog });
  };

  // Enter prints, unless the clerk is typing somewhere or a dialog is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.defaultPrevented || reprintOpen) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.closest('input, textarea, select, [role="combobox"], .ant-select, .ant-modal') || el.tagName === 'BUTTON')) return;
      e.preventDefault();
      start();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!applicationId) return <Empty />;
  const back = from ?? `/applications/${applicationId}`;
  const choose = (k: DocumentKind) => {
    useShellStore.getState().navigate(printPath(applicationId, k, from ?? undefined));
    void s.setKind(k);
  };

  return (
    <div data-testid="print-page">
      <Flex align="center" gap={12} style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} aria-label={t.back} title={t.back} onClick={() => useShellStore.getState().navigate(back)} data-testid="print-back" />
        <PageTitle>{t.openPrint}</PageTitle>
      </Flex>
      <Flex gap={16} align="flex-start" wrap>
        <Card style={{ width: '22.5rem', maxWidth: '100%' }} size="small">
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <div>
              <FieldLabel htmlFor={`${ids}-kind`}>{t.document}</FieldLabel>
              <Select
                id={`${ids}-kind`}
                style={{ width: '100%' }}
                value={s.kind}
                onChange={choose}
                options={documentKinds.map((k) => ({ value: k, label: kinds[k] }))}
                // Every document in view at once: a clerk reads the whole short list, nothing hides below a scroll.
                virtual={false}
                listHeight={documentKinds.length * 40}
                data-testid="print-kind"
              />
            </div>
            {papersFor(s.kind).length > 1 && (
              <div>
                <Typography.Text type="secondary" id={`${ids}-paper`}>
                  {t.paper}
                </Typography.Text>
                <div>
                  <Radio.Group
                    aria-labelledby={`${ids}-paper`}
                    value={s.paper}
                    onChange={(e) => void s.setPaper(e.target.value as PaperSize)}
                    options={papersFor(s.kind).map((p) => ({ value: p, label: papers[p] }))}
                    optionType="button"
                    data-testid="print-paper"
                  />
                </div>
              </div>
            )}
            <div>
              <FieldLabel htmlFor={`${ids}-printer`}>{t.printer}</FieldLabel>
              <Select
                id={`${ids}-printer`}
                style={{ width: '100%' }}
                value={printer}
                onChange={setPrinter}
                placeholder={t.noPrinters}
                notFoundContent={t.noPrinters}
                options={s.printers.map((p) => ({ value: p.name, label: p.name }))}
                data-testid="print-printer"
              />
            </div>
            <Flex gap={12} align="center">
              <FieldLabel htmlFor={`${ids}-copies`}>{t.copies}</FieldLabel>
              <InputNumber id={`${ids}-copies`} min={1} max={20} value={copies} onChange={(v) => setCopies(v ?? 1)} data-testid="print-copies" />
            </Flex>
            <Checkbox checked={withDialog} onChange={(e) => setWithDialog(e.target.checked)} data-testid="print-with-dialog">
              {t.withDialog}
            </Checkbox>
            {s.doc && (
              <Flex gap={8} wrap>
                <Tag data-testid="print-version">{format(t.version, { version: s.doc.version })}</Tag>
                <Tag color={s.doc.printCount > 0 ? 'blue' : undefined} data-testid="print-count">
                  {format(t.printCount, { count: s.doc.printCount })}
                </Tag>
              </Flex>
            )}
            {s.doc && s.doc.missingGlyphs.length > 0 && (
              <Alert type="warning" showIcon title={format(t.missingGlyphs, { chars: s.doc.missingGlyphs.join(' ') })} data-testid="print-missing-glyphs" />
            )}
            <ErrorAlert error={s.error} testId="print-error" onClose={() => s.clearMessages()} />
            {s.notice && <Alert type="success" showIcon title={s.notice} data-testid="print-notice" />}
            <Flex gap={8}>
              <Button
                ref={printButton}
                type="primary"
                size="large"
                icon={<PrinterOutlined />}
                disabled={!s.doc}
                loading={s.printing}
                onClick={start}
                data-testid="print-submit"
              >
                {t.print}
              </Button>
              <Button size="large" icon={<DownloadOutlined />} disabled={!s.doc} onClick={() => void s.savePdf()} data-testid="print-save">
                {t.saveAsPdf}
              </Button>
            </Flex>
          </Space>
        </Card>
        <Card size="small" title={t.preview} style={{ flex: '1 1 26rem', minWidth: 0, maxWidth: '100%' }}>
          {s.rendering && <Spin tip={t.rendering} data-testid="print-rendering" />}
          {s.pdf && !s.rendering && <PdfPreview pdf={s.pdf} width={s.paper === 'roll80' ? 300 : 560} />}
        </Card>
        <Card size="small" title={t.queue} style={{ width: '22.5rem', maxWidth: '100%' }} data-testid="print-queue">
          {s.queue.length === 0 ? (
            <Typography.Text type="secondary">{t.queueEmpty}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={s.queue}
              renderItem={(job) => (
                <List.Item
                  data-testid="print-queue-item"
                  actions={[
                    <Button key="retry" size="small" onClick={() => void s.retry(job.jobId)} data-testid="print-retry">
                      {t.retry}
                    </Button>,
                    <Button key="cancel" size="small" onClick={() => void s.cancel(job.jobId)}>
                      {t.cancel}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta title={`${kinds[job.kind]} · ${job.printer}`} description={job.error?.message} />
                </List.Item>
              )}
            />
          )}
        </Card>
      </Flex>
      <Modal
        open={reprintOpen}
        title={t.reprintTitle}
        okText={t.confirm}
        cancelText={t.cancel}
        okButtonProps={{ disabled: [...reason.trim()].length < 2, ...({ 'data-testid': 'reprint-confirm' } as Record<`data-${string}`, string>) }}
        onCancel={() => setReprintOpen(false)}
        onOk={() => {
          setReprintOpen(false);
          void s.print({ printer, copies, withDialog, reason: reason.trim() });
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{format(t.reprintHint, { count: s.doc?.printCount ?? 0 })}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t.reprintPlaceholder}
          aria-label={t.reprintReason}
          data-testid="reprint-reason"
        />
      </Modal>
    </div>
  );
}
