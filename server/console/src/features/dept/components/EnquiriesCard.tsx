import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Input, Modal, Radio, Select, Table, Typography } from 'antd';
import { SOURCE_LIST, type DeptSource } from '../../../../../../shared/dept/sources';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptSourceNames } from '../../../../../../shared/i18n/zhCN.dept';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { Chip } from '../../../lib/Chip';
import { base64Blob, saveFile, XLSX_TYPE } from '../../../lib/download';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localMinute, type ConsoleError } from '../../../transport/client';
import { type Enquiry, type EnquiryState, useDeptStore } from '../store';

const t = deptConsoleText.enquiries;
const sourceLabel = (s: DeptSource) => `${deptSourceNames[s].department} ${deptSourceNames[s].name}`;

function AnswerModal({ enquiry, onClose }: { enquiry: Enquiry; onClose: () => void }) {
  const { message } = App.useApp();
  const [answer, setAnswer] = useState<'confirmed' | 'denied'>('confirmed');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const err = await useDeptStore.getState().answerEnquiry(enquiry.id, answer, note);
    setBusy(false);
    if (err) return setError(err);
    void message.success(t.saved);
    onClose();
  };
  return (
    <Modal
      open
      title={format(t.recordTitle, { child: enquiry.childName, item: enquiry.itemName })}
      okText={t.record}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'dept-answer-submit' } as object) }}
      cancelText={consoleText.common.cancel}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Radio.Group value={answer} onChange={(e) => setAnswer(e.target.value as 'confirmed' | 'denied')} aria-label={t.answer} style={{ marginBottom: 8 }} data-testid="dept-answer">
        <Radio value="confirmed">{t.answerText.confirmed}</Radio>
        <Radio value="denied">{t.answerText.denied}</Radio>
      </Radio.Group>
      <label htmlFor="dept-answer-note" style={{ display: 'block' }}>
        {t.note}
      </label>
      <Input.TextArea id="dept-answer-note" rows={3} maxLength={500} placeholder={t.notePlaceholder} value={note} onChange={(e) => setNote(e.target.value)} data-testid="dept-answer-note" />
      <ErrorAlert error={error} testId="dept-answer-error" style={{ marginTop: 8 }} />
    </Modal>
  );
}

/** 函调: enquiries for materials the data has no record of, exported per department, answers recorded by hand. */
export function EnquiriesCard() {
  const { message } = App.useApp();
  const { enquiries, enquirySource, enquiryState, enquiryError, enquiryCursor, loadEnquiries, loadMoreEnquiries } = useDeptStore();
  const [answering, setAnswering] = useState<Enquiry | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  useEffect(() => void loadEnquiries(), [loadEnquiries]);
  const collect = async () => {
    const res = await useDeptStore.getState().collectEnquiries();
    if (!res.ok) return setError(res.error);
    setError(null);
    void message.success(format(t.collected, { added: res.value.added }));
  };
  const exportFile = async () => {
    if (!enquirySource) return;
    const res = await useDeptStore.getState().exportEnquiries(enquirySource);
    if (!res.ok) return setError(res.error);
    setError(null);
    saveFile(res.value.fileName, base64Blob(res.value.xlsxBase64, XLSX_TYPE));
    void message.success(format(t.exported, { count: res.value.count }));
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.title}</h2>} style={{ marginTop: 12 }} data-testid="dept-enquiries">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
        <Button onClick={() => void collect()} data-testid="dept-collect">
          {t.collect}
        </Button>
        <Select<DeptSource>
          aria-label={t.source}
          allowClear
          placeholder={t.source}
          style={{ width: 220 }}
          value={enquirySource}
          onChange={(v) => void loadEnquiries({ source: v })}
          options={SOURCE_LIST.map((s) => ({ value: s, label: sourceLabel(s) }))}
          data-testid="dept-enquiry-source"
        />
        <Radio.Group value={enquiryState} onChange={(e) => void loadEnquiries({ state: e.target.value as EnquiryState })}>
          {(['open', 'answered', 'all'] as const).map((s) => (
            <Radio.Button key={s} value={s}>
              {t.state[s]}
            </Radio.Button>
          ))}
        </Radio.Group>
        <Button disabled={!enquirySource} onClick={() => void exportFile()} data-testid="dept-enquiry-export">
          {t.export}
        </Button>
      </Flex>
      <ErrorAlert error={error ?? enquiryError} testId="dept-enquiry-error" />
      <Table<Enquiry>
        size="small"
        rowKey="id"
        dataSource={enquiries}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t.empty}</Typography.Text> }}
        onRow={(e) => ({ 'data-testid': `dept-enquiry-${e.id}` }) as object}
        columns={[
          { key: 'source', title: t.source, width: 150, render: (_, e) => sourceLabel(e.source) },
          { key: 'receipt', title: t.receiptNo, width: 220, render: (_, e) => e.receiptNo },
          { key: 'child', title: t.child, render: (_, e) => e.childName },
          { key: 'item', title: t.item, width: 140, render: (_, e) => e.itemName },
          { key: 'exported', title: t.exportedAt, width: 140, render: (_, e) => (e.exportedAt ? localMinute(e.exportedAt) : <Typography.Text type="secondary">{t.notExported}</Typography.Text>) },
          {
            key: 'answer',
            title: t.answer,
            render: (_, e) =>
              e.answer ? (
                <>
                  {e.state === 'reenquire' && (
                    <div data-testid={`dept-reenquire-${e.id}`}>
                      <Chip color="orange">{t.reenquire}</Chip>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {format(t.reenquireHint, { revision: e.answeredRevision ?? '' })}
                      </Typography.Text>
                    </div>
                  )}
                  <Chip color={e.state === 'reenquire' ? 'default' : e.answer === 'confirmed' ? 'green' : 'red'}>{t.answerText[e.answer]}</Chip>
                  <div style={{ fontSize: 12 }}>{e.answerNote}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {format(t.answeredBy, { by: e.answeredBy ?? '', at: e.answeredAt ? localMinute(e.answeredAt) : '' })}
                  </Typography.Text>
                  {e.state === 'reenquire' && (
                    <div>
                      <Button size="small" onClick={() => setAnswering(e)} data-testid={`dept-answer-${e.id}`}>
                        {t.record}
                      </Button>
                    </div>
                  )}
                </>
              ) : (
                <Button size="small" onClick={() => setAnswering(e)} data-testid={`dept-answer-${e.id}`}>
                  {t.record}
                </Button>
              ),
          },
        ]}
      />
      {enquiryCursor !== null && (
        <Button style={{ marginTop: 8 }} onClick={() => void loadMoreEnquiries()} data-testid="dept-enquiry-more">
          {format(t.loadMore, { count: enquiries.length })}
        </Button>
      )}
      {answering && <AnswerModal enquiry={answering} onClose={() => setAnswering(null)} />}
    </Card>
  );
}
