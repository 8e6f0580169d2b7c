import { useEffect, useRef, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Table, Tabs, Tag, Typography } from 'antd';
import { QrcodeOutlined } from '@ant-design/icons';
import type { DueRow } from '../../../../../shared/contract/followUps';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { FieldLabel } from '../../../lib/FieldLabel';
import { PageTitle } from '../../../lib/PageTitle';
import { useShellStore } from '../../shell/store';
import { useFollowUpsStore } from '../store';
import { CallList } from './CallList';
import { CameraQr } from './CameraQr';
import { SupplementVisit } from './SupplementVisit';
import { visitPath, visitRouteOf } from '../visitRoute';

const t = zhCN.followUps.page;

export function DueTag({ days }: { days: number }) {
  if (days < 0) return <Tag color="red">{format(t.overdue, { days: -days })}</Tag>;
  if (days === 0) return <Tag color="orange">{t.dueToday}</Tag>;
  return <Tag>{format(t.daysLeft, { days })}</Tag>;
}

const openVisit = (id: string) => useShellStore.getState().navigate(visitPath(id));

/** The scan box (a scanner types the QR text and Enter) and the due list, overdue first. */
function SupplementTab() {
  const due = useFollowUpsStore((s) => s.due);
  const dueError = useFollowUpsStore((s) => s.dueError);
  const findError = useFollowUpsStore((s) => s.findError);
  const finding = useFollowUpsStore((s) => s.finding);
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const off = useFollowUpsStore.getState().startDue();
    input.current?.focus();
    return off;
  }, []);

  const openCode = async (typed: string) => {
    const text = typed.trim();
    if (!text) return;
    const id = await useFollowUpsStore.getState().find(text);
    if (id) {
      setCode('');
      openVisit(id);
    } else input.current?.select();
  };
  const submit = () => openCode(code);

  const c = t.columns;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <FieldLabel htmlFor="followup-code">{t.scanLabel}</FieldLabel>
        <Flex gap={8}>
          <Input
            id="followup-code"
            ref={(el) => {
              input.current = el?.input ?? null;
            }}
            prefix={<QrcodeOutlined />}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={() => void submit()}
            placeholder={t.scanPlaceholder}
            size="large"
            autoComplete="off"
            data-testid="followup-code"
          />
          <Button type="primary" size="large" loading={finding} onClick={() => void submit()} data-testid="followup-open">
            {t.open}
          </Button>
        </Flex>
        <div style={{ marginTop: 8 }}>
          <CameraQr
            onCode={(text) => {
              setCode(text);
              void openCode(text);
            }}
          />
        </div>
      </Card>
      <ErrorAlert error={findError} testId="followup-find-error" onClose={() => useFollowUpsStore.setState({ findError: null })} />
      <ErrorAlert error={dueError} testId="followup-due-error" />
      <Typography.Title level={2} style={{ fontSize: '1.1rem' }}>
        {t.dueTitle}
      </Typography.Title>
      <Table<DueRow>
        rowKey="applicationId"
        size="small"
        dataSource={due ?? []}
        loading={due === null && !dueError}
        pagination={false}
        locale={{ emptyText: <Empty description={t.dueEmpty} /> }}
        data-testid="followup-due"
        onRow={(r) => ({
          onClick: () => openVisit(r.applicationId),
          onKeyDown: (e) => e.key === 'Enter' && openVisit(r.applicationId),
          tabIndex: 0,
          style: { cursor: 'pointer' },
          'data-testid': 'followup-due-row',
          'data-receipt': r.receiptNo,
        })}
        columns={[
          { title: c.deadline, key: 'deadline', width: 170, render: (_: unknown, r) => <Flex gap={6} wrap>{r.deadline}<DueTag days={r.daysLeft} /></Flex> },
          { title: c.receiptNo, dataIndex: 'receiptNo', width: 220 },
          { title: c.child, dataIndex: 'childName', width: 110 },
          { title: c.items, key: 'items', render: (_: unknown, r) => r.items.join('、') },
          { title: c.source, key: 'source', width: 120, render: (_: unknown, r) => (r.county ? <Tag color="blue">{t.county}</Tag> : <Tag>{t.counter}</Tag>) },
          { title: c.phones, key: 'phones', width: 150, render: (_: unknown, r) => r.phones.join(' ') },
        ]}
      />
    </>
  );
}

/** 补材料与回访: return visits with missing papers (scan the receipt, the due list) and results told by phone. */
export default function FollowUpsPage() {
  const path = useShellStore((s) => s.path);
  const query = path.split('?')[1] ?? '';
  const visit = visitRouteOf(path);
  if (visit.applicationId) return <SupplementVisit id={visit.applicationId} from={visit.from} />;
  const tab = new URLSearchParams(query).get('tab') === 'calls' ? 'calls' : 'supplement';
  return (
    <div data-testid="followups-page" style={{ maxWidth: 1200 }}>
      <PageTitle style={{ marginBottom: 8 }}>{t.title}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={(k) => useShellStore.getState().navigate(k === 'calls' ? '/followups?tab=calls' : '/followups')}
        destroyOnHidden
        items={[
          { key: 'supplement', label: <span data-testid="followups-tab-supplement">{t.tabSupplement}</span>, children: <SupplementTab /> },
          { key: 'calls', label: <span data-testid="followups-tab-calls">{t.tabCalls}</span>, children: <CallList /> },
        ]}
      />
    </div>
  );
}
