import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { FileExcelOutlined, PhoneOutlined, PrinterOutlined } from '@ant-design/icons';
import type { CallOutcome, CallRow } from '../../../../../shared/contract/followUps';
import { reviewOutcomeSchema } from '../../../../../shared/contract/reviewResult';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { statusLabel } from '../../../../../shared/i18n/zhCN.labels';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { FieldLabel } from '../../../lib/FieldLabel';
import { localTime } from '../../../lib/format';
import { useFollowUpsStore, type CallView } from '../store';

const t = zhCN.followUps.calls;
const OUTCOMES: CallOutcome[] = ['informed', 'reached', 'no_answer', 'wrong_number'];
const STATE_COLOR = { todo: 'orange', retry: 'gold', informed: 'green', unreachable: 'red' } as const;

/** One family: the script to read, each number with its outcome buttons, a note, and the attempts so far. */
function CallCard({ row }: { row: CallRow }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const record = async (phone: string, outcome: CallOutcome) => {
    setBusy(true);
    const err = await useFollowUpsStore.getState().recordCall(row, phone, outcome, note);
    setBusy(false);
    setError(err?.message ?? null);
    if (!err) setNote('');
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="call-row"
      data-receipt={row.receiptNo}
      data-state={row.state}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{row.childName}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {row.receiptNo}
          </Typography.Text>
          <Tag color="blue">{row.outcomeLabel}</Tag>
          <Tag color={STATE_COLOR[row.state]} data-testid="call-state">
            {t.state[row.state]}
          </Tag>
        </Flex>
      }
    >
      <Typography.Paragraph data-testid="call-script" style={{ background: '#f6f8fa', padding: 8, borderRadius: 4 }}>
        {row.script}
      </Typography.Paragraph>
      <ErrorAlert error={error} testId="call-error" onClose={() => setError(null)} />
      <Space direction="vertical" style={{ width: '100%' }}>
        {row.contacts.map((c) => (
          <Flex key={c.phone} gap={8} align="center" wrap data-testid="call-contact" data-phone={c.phone}>
            <PhoneOutlined />
            <span style={{ minWidth: '12rem' }}>
              {c.relation} {c.name} <Typography.Text strong copyable>{c.phone}</Typography.Text>
            </span>
            {c.wrongNumber && <Tag color="red">{t.wrong}</Tag>}
            {OUTCOMES.map((o) => (
              <Button key={o} size="small" autoInsertSpace={false} type={o === 'informed' ? 'primary' : 'default'} disabled={busy} onClick={() => void record(c.phone, o)} data-testid={`call-${o}`}>
                {t.outcome[o]}
              </Button>
            ))}
          </Flex>
        ))}
        <Input aria-label={t.notePlaceholder} placeholder={t.notePlaceholder} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="call-note" />
      </Space>
      {row.attempts.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={row.attempts}
          data-testid="call-attempts"
          renderItem={(a) => <List.Item>{format(t.attempt, { at: localTime(a.at), by: a.by, phone: a.phone, outcome: t.outcome[a.outcome], note: a.note ? `（${a.note}）` : '' })}</List.Item>}
        />
      )}
    </Card>
  );
}

/** 电话告知结果: who to call about which result, retried until told; printable for working on paper. */
export function CallList() {
  const calls = useFollowUpsStore((s) => s.calls);
  const error = useFollowUpsStore((s) => s.callsError);
  const filter = useFollowUpsStore((s) => s.callFilter);
  const notice = useFollowUpsStore((s) => s.callNotice);
  useEffect(() => {
    void useFollowUpsStore.getState().loadCalls();
  }, []);
  const [file, rows] = notice?.split('|') ?? [];
  return (
    <div data-testid="calls-page">
      <Flex gap={16} align="flex-end" wrap style={{ marginBottom: 12 }}>
        <div>
          <FieldLabel htmlFor="calls-outcome">{t.filterOutcome}</FieldLabel>
          <Select
            id="calls-outcome"
            style={{ width: '12rem' }}
            value={filter.outcome ?? 'all'}
            onChange={(v: string) => void useFollowUpsStore.getState().loadCalls({ outcome: v === 'all' ? undefined : reviewOutcomeSchema.parse(v) })}
            options={[{ value: 'all', label: t.allOutcomes }, ...reviewOutcomeSchema.options.filter((o) => o !== 'under_review').map((o) => ({ value: o, label: statusLabel(o) }))]}
            data-testid="calls-outcome"
          />
        </div>
        <Radio.Group
          value={filter.view}
          optionType="button"
          onChange={(e) => void useFollowUpsStore.getState().loadCalls({ view: e.target.value as CallView })}
          options={(['open', 'informed', 'all'] as const).map((v) => ({ value: v, label: t.view[v] }))}
          data-testid="calls-view"
        />
        <Button icon={<PrinterOutlined />} onClick={() => void useFollowUpsStore.getState().exportCalls()} data-testid="calls-print">
          {t.print}
        </Button>
        <Button icon={<FileExcelOutlined />} onClick={() => void useFollowUpsStore.getState().exportCalls('xlsx')} data-testid="calls-xlsx">
          {t.exportXlsx}
        </Button>
      </Flex>
      <ErrorAlert error={error} testId="calls-error" />
      {notice && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={format(t.printed, { file: file ?? '', rows: rows ?? '0' })} data-testid="calls-printed" />}
      {calls && calls.length === 0 && <Empty description={t.empty} data-testid="calls-empty" />}
      {calls?.map((r) => <CallCard key={`${r.applicationId}/${r.resultVersion}`} row={r} />)}
    </div>
  );
}
