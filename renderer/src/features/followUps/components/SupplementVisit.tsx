import { useEffect } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Input, List, Radio, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, PrinterOutlined, ScanOutlined } from '@ant-design/icons';
import type { ApplicationStatus } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { Loading } from '../../../app/Loading';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { PageTitle, SectionTitle } from '../../../lib/PageTitle';
import { StatusTag } from '../../applications/components/Badges';
import { isEditable, overlayOpen } from '../../applications/components/ApplicationList';
import { scanPath } from '../../documents/components/scanRoute';
import { printPath } from '../../printing/printRoute';
import { useShellStore } from '../../shell/store';
import { useFollowUpsStore } from '../store';
import { DueTag } from './FollowUpsPage';
import { visitPath } from '../visitRoute';

const t = zhCN.followUps.visit;
/** Typing somewhere: a radio or checkbox with focus still lets 1–9 tick items. */
const typing = (el: EventTarget | null) => isEditable(el) && !(el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox'));

/** One return visit: only the items still owed, ticked (or scanned) as the family hands them over, then confirmed. */
export function SupplementVisit({ id, from = null }: { id: string; from?: string | null }) {
  const visit = useFollowUpsStore((s) => (s.visit?.applicationId === id ? s.visit : null));
  const error = useFollowUpsStore((s) => s.visitError);
  const brought = useFollowUpsStore((s) => s.brought);
  const note = useFollowUpsStore((s) => s.note);
  const saving = useFollowUpsStore((s) => s.saving);
  const here = visitPath(id, from ?? undefined);
  // Opened from 申请详情 (补交材料): back there; otherwise back to the due list.
  const back = () => useShellStore.getState().navigate(from ?? '/followups');

  useEffect(() => {
    void useFollowUpsStore.getState().openVisit(id);
  }, [id]);

  const confirm = async () => {
    const r = await useFollowUpsStore.getState().record();
    if (r) useShellStore.getState().navigate(printPath(id, r.document, here));
  };

  // 1–9 tick the nth item as 原件已核 (again: untick); Ctrl+Enter confirms; Esc goes back (申请详情 or the list).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || overlayOpen()) return;
      const items = useFollowUpsStore.getState().visit?.items ?? [];
      if (e.key === 'Enter' && e.ctrlKey) {
        e.preventDefault();
        void confirm();
        return;
      }
      if (typing(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        back();
        return;
      }
      const n = Number(e.key);
      const item = Number.isInteger(n) && n >= 1 ? items[n - 1] : undefined;
      if (!item) return;
      e.preventDefault();
      const s = useFollowUpsStore.getState();
      s.toggle(item.itemId, s.brought[item.itemId] === 'original_seen' ? null : 'original_seen');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const header = (
    <Flex align="center" gap={12} style={{ marginBottom: 12 }}>
      <Button icon={<ArrowLeftOutlined />} onClick={back} data-testid="visit-back">
        {from ? t.backToDetail : t.back}
      </Button>
      {visit && <PageTitle>{format(t.title, { child: visit.childName })}</PageTitle>}
    </Flex>
  );
  if (!visit) {
    return (
      <div data-testid="visit-page">
        {header}
        <ErrorAlert error={error} testId="visit-error" />
        {!error && <Loading />}
      </div>
    );
  }

  const ticked = Object.keys(brought).length;
  const canConfirm = visit.items.length > 0 ? ticked > 0 || (visit.countyReasons.length > 0 && note.trim() !== '') : false;
  return (
    <div data-testid="visit-page" data-id={visit.applicationId} style={{ maxWidth: 1000 }}>
      {header}
      <ErrorAlert error={error} testId="visit-error" onClose={() => useFollowUpsStore.setState({ visitError: null })} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'receipt', label: t.receiptNo, children: <span data-testid="visit-receipt">{visit.receiptNo}</span> },
            { key: 'status', label: t.status, children: <StatusTag status={visit.status as ApplicationStatus} /> },
            {
              key: 'deadline',
              label: t.deadline,
              children: visit.deadline ? (
                <Flex gap={6} data-testid="visit-deadline">
                  {visit.deadline}
                  {visit.daysLeft !== null && <DueTag days={visit.daysLeft} />}
                </Flex>
              ) : (
                zhCN.apps.labels.none
              ),
            },
          ]}
        />
      </Card>
      {visit.countyReasons.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t.countyReasons} description={visit.countyReasons.join('；')} data-testid="visit-county-reasons" />
      )}
      <SectionTitle>{t.owed}</SectionTitle>
      {visit.items.length === 0 ? (
        <Empty description={t.nothingOwed} data-testid="visit-nothing-owed" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t.keys}</Typography.Paragraph>
          <List
            bordered
            dataSource={visit.items}
            data-testid="visit-items"
            renderItem={(item, i) => (
              <List.Item
                data-testid={`visit-item-${item.itemId}`}
                actions={[
                  <Button key="scan" icon={<ScanOutlined />} onClick={() => useShellStore.getState().navigate(scanPath(id, item.itemId, here))} data-testid={`visit-scan-${item.itemId}`}>
                    {t.scan}
                  </Button>,
                ]}
              >
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong id={`visit-label-${item.itemId}`}>{`${i + 1}. ${item.name}`}</Typography.Text>
                    {item.source === 'county' && <Tag color="blue">{zhCN.followUps.page.county}</Tag>}
                    {item.anyOf && <Tag>{t.anyOf}</Tag>}
                    {item.pages > 0 && <Tag color="green">{format(t.scanned, { pages: item.pages })}</Tag>}
                  </Flex>
                  <Typography.Text type="secondary">{item.reason}</Typography.Text>
                  <Radio.Group
                    aria-labelledby={`visit-label-${item.itemId}`}
                    value={brought[item.itemId] ?? 'none'}
                    onChange={(e) => useFollowUpsStore.getState().toggle(item.itemId, e.target.value === 'none' ? null : (e.target.value as 'original_seen' | 'copy_kept'))}
                    data-testid={`visit-state-${item.itemId}`}
                  >
                    <Radio value="original_seen">{t.original}</Radio>
                    <Radio value="copy_kept">{t.copy}</Radio>
                    <Radio value="none">{t.notBrought}</Radio>
                  </Radio.Group>
                </Flex>
              </List.Item>
            )}
          />
          <div style={{ marginTop: 12 }}>
            <Typography.Text id="visit-note-label">{t.note}</Typography.Text>
            <Input.TextArea aria-labelledby="visit-note-label" value={note} maxLength={200} rows={2} onChange={(e) => useFollowUpsStore.getState().setNote(e.target.value)} data-testid="visit-note" />
          </div>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t.confirmHint}
          </Typography.Paragraph>
          <Button type="primary" size="large" icon={<CheckOutlined />} disabled={!canConfirm} loading={saving} onClick={() => void confirm()} aria-keyshortcuts="Control+Enter" data-testid="visit-confirm">
            {t.confirm}（Ctrl+Enter）
          </Button>
        </>
      )}
      {visit.visits.length > 0 && (
        <>
          <SectionTitle style={{ marginTop: 20 }}>{t.history}</SectionTitle>
          <List
            size="small"
            dataSource={visit.visits}
            data-testid="visit-history"
            renderItem={(v) => (
              <List.Item>
                {format(t.historyItem, { at: localTime(v.at), by: v.by, items: v.items.map((x) => x.name).join('、') || (v.note ?? '') })}
              </List.Item>
            )}
          />
          <Button icon={<PrinterOutlined />} style={{ marginTop: 8 }} onClick={() => useShellStore.getState().navigate(printPath(id, visit.items.length ? 'supplementNotice' : 'supplementReceipt', here))} data-testid="visit-print">
            {format(t.printNext, { document: zhCN.printing.kinds[visit.items.length ? 'supplementNotice' : 'supplementReceipt'] })}
          </Button>
        </>
      )}
    </div>
  );
}
