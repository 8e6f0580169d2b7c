import { useEffect, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Card, Flex, List, Radio, Select, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { FieldLabel } from '../../../lib/FieldLabel';
import { PageTitle, SectionTitle } from '../../../lib/PageTitle';
import { useShellStore } from '../../shell/store';
import { PdfPreview } from '../../printing/components/PdfPreview';
import { questionKeys, useOnceNoticeStore, type QuestionKey } from '../store';

const t = zhCN.onceNotice;

/** Focus the first radio of a question's group (the checked one if any), so the next Y/N answers it. */
function focusQuestion(key: QuestionKey | 'print') {
  const root = document.querySelector<HTMLElement>(`[data-testid="once-q-${key}"]`);
  const target = key === 'print' ? root : (root?.querySelector<HTMLInputElement>('input:checked') ?? root?.querySelector<HTMLInputElement>('input'));
  target?.focus();
}

/** One 是/否 question: Y/N (or 1/2) answer it and move to the next, like the intake wizard's 是/否 choices. */
function Question({ k, next }: { k: QuestionKey; next: QuestionKey | 'print' }) {
  const value = useOnceNoticeStore((s) => s.answers[k]);
  const answer = (v: boolean) => {
    void useOnceNoticeStore.getState().answer(k, v);
    // At once, not on the next frame: a clerk's next Y/N may already be on its way and must answer the next question.
    focusQuestion(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    const v = key === 'y' || key === '1' ? true : key === 'n' || key === '2' ? false : key === 'enter' && e.target instanceof HTMLInputElement ? e.target.value === 'true' : undefined;
    if (v === undefined) return;
    e.preventDefault();
    answer(v);
  };
  const labelId = `once-label-${k}`;
  return (
    <div onKeyDown={onKeyDown} style={{ marginBottom: 12 }}>
      <Typography.Text id={labelId} strong>
        {t.questions[k]}
      </Typography.Text>
      <div>
        <Radio.Group aria-labelledby={labelId} name={`once-${k}`} value={value} onChange={(e) => answer(e.target.value as boolean)} data-testid={`once-q-${k}`}>
          <Radio value={true}>{t.yes}（Y）</Radio>
          <Radio value={false}>{t.no}（N）</Radio>
        </Radio.Group>
      </div>
    </div>
  );
}

/** 一次性告知: four questions, the likely type and its materials, the sheet's preview, and print. */
export default function OnceNoticePage() {
  const s = useOnceNoticeStore();
  const [printer, setPrinter] = useState<string | undefined>();

  useEffect(() => {
    useOnceNoticeStore.getState().reset();
    void useOnceNoticeStore.getState().loadPrinters();
    requestAnimationFrame(() => focusQuestion('hukouHere'));
  }, []);
  useEffect(() => {
    setPrinter((p) => p ?? s.printers.find((x) => x.isDefault)?.name);
  }, [s.printers]);

  // Once the list for the last answer is in, the cursor waits on 打印 (Enter or Ctrl+P prints).
  useEffect(() => {
    const active = document.activeElement;
    if (s.needs && (active === document.body || active?.closest('[data-testid="once-q-proxy"]'))) focusQuestion('print');
  }, [s.needs]);

  const print = () => void useOnceNoticeStore.getState().print(printer);
  // Ctrl+P prints once every question is answered (the hint says so).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'p') return;
      e.preventDefault();
      if (useOnceNoticeStore.getState().needs) print();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div data-testid="once-notice-page" style={{ maxWidth: 1100 }}>
      <Flex align="center" gap={12} style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} aria-label={t.back} title={t.back} onClick={() => useShellStore.getState().navigate('/')} data-testid="once-back" />
        <PageTitle>{t.title}</PageTitle>
      </Flex>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Flex gap={16} align="flex-start" wrap>
        <Card size="small" style={{ width: '30rem', maxWidth: '100%' }}>
          <Typography.Paragraph type="secondary" data-testid="once-keys">
            {t.keysHint}
          </Typography.Paragraph>
          {questionKeys.map((k, i) => (
            <Question key={k} k={k} next={questionKeys[i + 1] ?? 'print'} />
          ))}
          <ErrorAlert error={s.error} testId="once-error" />
          {s.needs && (
            <div data-testid="once-needs">
              <SectionTitle>
                {t.likelyType}：<span data-testid="once-type">{s.needs.typeName}</span>
              </SectionTitle>
              <Typography.Paragraph type="secondary">{s.needs.basis}</Typography.Paragraph>
              <SectionTitle>{t.materialsHeading}</SectionTitle>
              <List
                size="small"
                dataSource={s.needs.materials}
                data-testid="once-materials"
                renderItem={(m) => (
                  <List.Item>
                    <Flex vertical gap={2}>
                      <Flex gap={8} align="center">
                        <Typography.Text strong>{m.name}</Typography.Text>
                        <Tag color={m.required ? 'red' : 'default'}>{m.required ? t.required : t.optional}</Tag>
                      </Flex>
                      <Typography.Text type="secondary">{m.reason}</Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
              <div style={{ margin: '12px 0' }}>
                <FieldLabel htmlFor="once-printer">{t.printer}</FieldLabel>
                <Select
                  id="once-printer"
                  style={{ width: '100%' }}
                  value={printer}
                  onChange={setPrinter}
                  placeholder={t.printerDefault}
                  options={s.printers.map((p) => ({ value: p.name, label: p.name }))}
                  data-testid="once-printer"
                />
              </div>
              <Button
                type="primary"
                size="large"
                icon={<PrinterOutlined />}
                loading={s.printing}
                onClick={print}
                data-testid="once-q-print"
              >
                {t.print}（Ctrl+P）
              </Button>
              {s.printedOn && <Alert type="success" showIcon style={{ marginTop: 12 }} title={format(t.printed, { printer: s.printedOn })} data-testid="once-printed" />}
            </div>
          )}
          {!s.needs && !s.error && (s.busy ? <Spin /> : <Typography.Text type="secondary">{t.noneAnswered}</Typography.Text>)}
        </Card>
        {s.pdf && (
          <div data-testid="once-preview" aria-label={t.preview}>
            <Typography.Text type="secondary">{t.previewHint}</Typography.Text>
            <PdfPreview pdf={s.pdf} width={480} />
          </div>
        )}
      </Flex>
    </div>
  );
}
