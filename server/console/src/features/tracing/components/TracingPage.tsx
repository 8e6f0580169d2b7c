import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, InputNumber, List, Radio, Select, Space, Table, Typography } from 'antd';
import { tracingOutcomeSchema, type TracingOutcome } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { tracingText } from '../../../../../../shared/i18n/zhCN.tracing';
import { Chip } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute, type ConsoleError } from '../../../transport/client';
import { type CaseStatusFilter, type TracingCaseRow, useTracingStore } from '../store';
import { MonthlyReport, today } from './MonthlyReport';

const t = deptConsoleText.tracing;

/** Outcomes staff may record (`enrolled` is set by a later match, never by hand). */
const RECORDABLE = tracingOutcomeSchema.options.filter((o) => o !== 'enrolled');

function VisitForm() {
  const [visitedOn, setVisitedOn] = useState(today());
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<TracingOutcome | undefined>();
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async () => {
    setBusy(true);
    const err = await useTracingStore.getState().visit({ visitedOn, note, outcome });
    setBusy(false);
    setError(err);
    if (!err) {
      setNote('');
      setOutcome(undefined);
      void message.success(t.visitSaved);
    }
  };
  return (
    <Form layout="vertical" data-testid="tracing-visit-form">
      <Form.Item label={t.visitedOn} htmlFor="tracing-visited-on">
        <Input id="tracing-visited-on" style={{ width: 160 }} value={visitedOn} onChange={(e) => setVisitedOn(e.target.value.trim())} data-testid="tracing-visited-on" />
      </Form.Item>
      <Form.Item label={t.note} htmlFor="tracing-note">
        <Input.TextArea id="tracing-note" rows={3} maxLength={2000} placeholder={t.notePlaceholder} value={note} onChange={(e) => setNote(e.target.value)} data-testid="tracing-note" />
      </Form.Item>
      <Form.Item label={t.visitOutcome}>
        <Select<TracingOutcome>
          aria-label={t.visitOutcome}
          allowClear
          placeholder={t.noOutcome}
          style={{ width: 240 }}
          value={outcome}
          onChange={setOutcome}
          options={RECORDABLE.map((o) => ({ value: o, label: tracingText.outcome[o] }))}
          data-testid="tracing-outcome"
        />
      </Form.Item>
      <ErrorAlert error={error} testId="tracing-visit-error" />
      <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="tracing-visit-submit">
        {t.addVisit}
      </Button>
    </Form>
  );
}

function CaseDrawer() {
  const detail = useTracingStore((s) => s.detail);
  const detailError = useTracingStore((s) => s.detailError);
  const open = detail !== null || detailError !== null;
  const c = detail?.case;
  return (
    <Drawer open={open} width={640} onClose={() => useTracingStore.getState().closeCase()} title={c ? format(t.caseTitle, { id: c.id, name: c.childName }) : ''} data-testid="tracing-case">
      <ErrorAlert error={detailError} testId="tracing-case-error" />
      {detail && c && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t.idMasked}>{c.idMasked}</Descriptions.Item>
            <Descriptions.Item label={t.birthDate}>{c.birthDate}</Descriptions.Item>
            <Descriptions.Item label={t.township}>{c.township}</Descriptions.Item>
            <Descriptions.Item label={t.address}>{c.address ?? consoleText.common.none}</Descriptions.Item>
            <Descriptions.Item label={t.guardian}>{[c.guardianName, c.guardianPhone].filter(Boolean).join(' ') || consoleText.common.none}</Descriptions.Item>
            <Descriptions.Item label={t.stage}>{tracingText.stage[c.stage]}</Descriptions.Item>
            <Descriptions.Item label={t.status}>
              <span data-testid="tracing-case-status" data-status={c.status}>
                <Chip color={c.status === 'open' ? 'orange' : 'green'}>{tracingText.status[c.status]}</Chip>
                {c.outcome && <Chip color="blue">{tracingText.outcome[c.outcome]}</Chip>}
              </span>
              {c.closedAt && <div>{format(t.closedBy, { by: c.closedBy ?? '', at: localMinute(c.closedAt) })}</div>}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
            {t.visitsTitle}
          </Typography.Title>
          <List
            size="small"
            data-testid="tracing-visits"
            locale={{ emptyText: <Typography.Text type="secondary">{t.noVisits}</Typography.Text> }}
            dataSource={detail.visits}
            renderItem={(v) => (
              <List.Item data-testid="tracing-visit">
                <div>
                  <div>
                    <strong>{v.visitedOn}</strong> {v.outcome && <Chip color="blue">{tracingText.outcome[v.outcome]}</Chip>}
                  </div>
                  <div>{v.note}</div>
                  <Typography.Text type="secondary">
                    {t.recordedBy}：{v.recordedBy} · {localMinute(v.recordedAt)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
          {c.status === 'open' ? <VisitForm key={c.id} /> : <Alert type="info" showIcon title={t.caseClosed} />}
        </>
      )}
    </Drawer>
  );
}

/** 控辍保学: the worklist of school-age children not enrolled, per township; each case's visits; the monthly report. */
export default function TracingPage() {
  const { year, township, status, list, loading, error, load } = useTracingStore();
  const [matchNote, setMatchNote] = useState<string | null>(null);
  const [matchError, setMatchError] = useState<ConsoleError | null>(null);
  const [matching, setMatching] = useState(false);
  useEffect(() => void load(), [load]);
  const match = async () => {
    setMatching(true);
    const res = await useTracingStore.getState().match();
    setMatching(false);
    if (!res.ok) return setMatchError(res.error);
    setMatchError(null);
    setMatchNote(format(t.matched, { year, ...res.value }));
  };
  const totals = (list?.townships ?? []).reduce((a, x) => ({ open: a.open + x.open, closed: a.closed + x.closed }), { open: 0, closed: 0 });
  return (
    <div data-testid="tracing-page">
      <PageHeader title={t.title}>
        <Space>
          <label htmlFor="tracing-year">{t.year}</label>
          <InputNumber id="tracing-year" min={2000} max={2100} value={year} onChange={(v) => typeof v === 'number' && void load({ year: v })} data-testid="tracing-year" />
          <Button type="primary" loading={matching} onClick={() => void match()} data-testid="tracing-match">
            {matching ? t.matching : t.match}
          </Button>
        </Space>
      </PageHeader>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <ErrorAlert error={matchError} testId="tracing-match-error" />
      {matchNote && <Alert type="success" showIcon role="status" title={matchNote} style={{ marginBottom: 12 }} data-testid="tracing-matched" closable={{ onClose: () => setMatchNote(null) }} />}
      <ErrorAlert error={error} testId="tracing-error" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={12} align="center" style={{ marginBottom: 8 }}>
          <Select<string>
            aria-label={t.township}
            style={{ width: 280 }}
            allowClear
            placeholder={t.allTownships}
            value={township}
            onChange={(v) => void load({ township: v })}
            options={(list?.townships ?? []).map((x) => ({ value: x.township, label: format(t.townshipCount, { township: x.township || consoleText.common.none, open: x.open, closed: x.closed }) }))}
            data-testid="tracing-township"
          />
          <Radio.Group value={status} onChange={(e) => void load({ status: e.target.value as CaseStatusFilter })} data-testid="tracing-status">
            {(['open', 'closed', 'all'] as const).map((s) => (
              <Radio.Button key={s} value={s}>
                {t.statusFilter[s]}
              </Radio.Button>
            ))}
          </Radio.Group>
          <Typography.Text type="secondary" data-testid="tracing-totals">
            {format(t.totals, totals)}
          </Typography.Text>
        </Flex>
        <Table<TracingCaseRow>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={list?.cases ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{t.empty}</Typography.Text> }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(c) => ({ 'data-testid': `tracing-row-${c.id}` }) as object}
          columns={[
            { key: 'township', title: t.township, width: 110, render: (_, c) => c.township },
            { key: 'child', title: t.child, render: (_, c) => `${c.childName}（${c.idMasked}）` },
            { key: 'guardian', title: t.guardian, width: 170, render: (_, c) => [c.guardianName, c.guardianPhone].filter(Boolean).join(' ') },
            { key: 'stage', title: t.stage, width: 130, render: (_, c) => tracingText.stage[c.stage] },
            { key: 'visits', title: t.visits, width: 80, render: (_, c) => c.visits },
            {
              key: 'status',
              title: t.status,
              width: 150,
              render: (_, c) => (
                <>
                  <Chip color={c.status === 'open' ? 'orange' : 'green'}>{tracingText.status[c.status]}</Chip>
                  {c.outcome && <div style={{ fontSize: 12 }}>{tracingText.outcome[c.outcome]}</div>}
                </>
              ),
            },
            {
              key: 'open',
              title: '',
              width: 70,
              render: (_, c) => (
                <Button size="small" onClick={() => void useTracingStore.getState().openCase(c.id)} data-testid={`tracing-open-${c.id}`}>
                  {t.open}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <MonthlyReport />
      <CaseDrawer />
    </div>
  );
}
