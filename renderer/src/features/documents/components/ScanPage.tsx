import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Radio, Segmented, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ApplicationRecord } from '../../../../../shared/contract';
import { materialsFor } from '../../../../../shared/domain/applicationRules';
import type { CountyPlan } from '../../../../../shared/plan/schema';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { planByKey, usePlansStore } from '../../plans/store';
import { useShellStore } from '../../shell/store';
import { useDocumentsStore, type ScanMode } from '../store';
import { CameraPanel } from './CameraPanel';
import { FilePanel } from './FilePanel';
import { InboxPanel } from './InboxPanel';
import { PageStrip } from './PageStrip';
import { PageViewer } from './PageViewer';
import { ScannerPanel } from './ScannerPanel';
import { scanPath, scanRouteOf } from './scanRoute';
import { PageTitle } from '../../../lib/PageTitle';

const t = zhCN.documents;
type Source = 'camera' | 'scanner' | 'file' | 'inbox';

interface Item {
  key: string;
  name: string;
  required: boolean;
}

function itemsOf(record: ApplicationRecord, plan: CountyPlan | undefined): Item[] {
  const data = record.pendingEdit ?? record.data;
  const byId = new Map(plan?.materials.map((m) => [m.id, m]) ?? []);
  const out: Item[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const def = byId.get(id);
    out.push({ key: id, name: def?.name ?? id, required: def?.required ?? false });
  };
  for (const m of data.materials ?? []) add(m.itemId);
  const type = data.typeDecision?.chosen ?? data.typeDecision?.derived ?? record.enrollmentType ?? undefined;
  if (plan && type) for (const def of materialsFor(type, plan, { proxy: !!data.proxy, disability: !!data.disability })) add(def.id);
  // A draft with no type yet: every item the plan lists, so nothing the family brought is unattachable.
  if (plan && !type) for (const def of plan.materials) add(def.id);
  return out;
}

/** The scan desk for one application: pick a material item, capture pages from camera, scanner or file. */
export default function ScanPage() {
  const path = useShellStore((s) => s.path);
  const { applicationId, item: itemParam, from } = scanRouteOf(path);
  const record = useDocumentsStore((s) => (s.record?.id === applicationId ? s.record : null));
  const loadError = useDocumentsStore((s) => s.recordError);
  const plan = usePlansStore((s) => planByKey(s, record?.planKey)?.plan);
  const [source, setSource] = useState<Source>('camera');
  const [mode, setMode] = useState<ScanMode>('color');
  const [viewing, setViewing] = useState<number | null>(null);
  const items = useDocumentsStore((s) => s.items);
  const error = useDocumentsStore((s) => s.error);
  const notice = useDocumentsStore((s) => s.notice);
  const replaceTarget = useDocumentsStore((s) => s.replaceTarget);

  useEffect(() => {
    if (applicationId) void useDocumentsStore.getState().openApplication(applicationId);
  }, [applicationId]);

  const list = useMemo(() => (record ? itemsOf(record, plan) : []), [record, plan]);
  useEffect(() => {
    useDocumentsStore.setState({ names: Object.fromEntries(list.map((i) => [i.key, i.name])) });
  }, [list]);
  // The item in the address is known before the application and plan arrive: its pages show at once.
  const current = list.find((i) => i.key === itemParam) ?? (itemParam ? { key: itemParam, name: '', required: false } : list[0]);
  const pages = current ? (items[current.key] ?? []) : [];
  const select = (key: string) => applicationId && useShellStore.getState().navigate(scanPath(applicationId, key, from ?? undefined));

  // Alt+↑/↓: previous/next material item, without leaving the keyboard.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !current) return;
      const i = list.findIndex((x) => x.key === current.key) + (e.key === 'ArrowUp' ? -1 : 1);
      const next = list[i];
      if (next) {
        e.preventDefault();
        select(next.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!applicationId) return <Empty description={t.strip.empty} />;
  if (loadError) return <ErrorAlert error={loadError} testId="scan-load-error" />;
  const title = record?.childName ?? record?.receiptNo ?? '';
  return (
    <Flex vertical gap={12} data-testid="scan-page">
      <Flex align="center" gap={12}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => useShellStore.getState().navigate(from ?? `/applications/${applicationId}`)} data-testid="scan-back">
          {t.back}
        </Button>
        <PageTitle>
          {t.title}
          {title ? ` · ${title}` : ''}
          {record?.receiptNo ? `（${record.receiptNo}）` : ''}
        </PageTitle>
      </Flex>
      <ErrorAlert error={error} testId="scan-error" onClose={() => useDocumentsStore.getState().clearMessages()} />
      {notice && <Alert type="success" showIcon title={notice} data-testid="scan-notice" closable={{ onClose: () => useDocumentsStore.setState({ notice: null }) }} />}
      {replaceTarget && (
        <Alert
          type="info"
          showIcon
          data-testid="scan-replacing"
          title={format(t.replacing, { pageNo: replaceTarget.pageNo })}
          closable={{ onClose: () => useDocumentsStore.setState({ replaceTarget: null }) }}
        />
      )}
      <Flex gap={12} align="flex-start">
        <Card size="small" title={zhCN.apps.detail.sections.materials} style={{ width: 280, flex: 'none' }}>
          {!record && <Spin />}
          <div role="listbox" aria-label={zhCN.apps.detail.sections.materials}>
            {list.map((i) => {
              const n = items[i.key]?.length ?? 0;
              const active = i.key === current?.key;
              return (
                <div
                  key={i.key}
                  role="option"
                  aria-selected={active}
                  tabIndex={0}
                  data-testid={`scan-item-${i.key}`}
                  data-pages={n}
                  onClick={() => select(i.key)}
                  onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), select(i.key))}
                  style={{ padding: '8px 10px', borderRadius: 4, cursor: 'pointer', background: active ? '#e6f4ff' : undefined, display: 'flex', justifyContent: 'space-between', gap: 8 }}
                >
                  <span>
                    {i.name}
                    {i.required && <Typography.Text type="danger"> *</Typography.Text>}
                  </span>
                  {n > 0 ? <Tag color="green">{format(t.scanned, { pages: n })}</Tag> : <Tag>{t.notScanned}</Tag>}
                </div>
              );
            })}
          </div>
        </Card>
        <Flex vertical gap={12} style={{ flex: 1, minWidth: 0 }}>
          <Card size="small">
            <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
              <Segmented<Source>
                value={source}
                onChange={setSource}
                data-testid="scan-source"
                options={(['camera', 'scanner', 'file', 'inbox'] as const).map((s) => ({ value: s, label: t.sources[s] }))}
              />
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ScanMode)} optionType="button" size="small" aria-label={zhCN.documents.scanner.mode}>
                {(['color', 'gray', 'bw'] as const).map((m) => (
                  <Radio.Button key={m} value={m}>
                    {t.modes[m]}
                  </Radio.Button>
                ))}
              </Radio.Group>
              {current && <Typography.Text strong>{current.name}</Typography.Text>}
            </Flex>
            {current && source === 'camera' && <CameraPanel materialKey={current.key} mode={mode} active />}
            {current && source === 'scanner' && <ScannerPanel materialKey={current.key} mode={mode} active />}
            {current && source === 'file' && <FilePanel materialKey={current.key} mode={mode} active />}
            {current && source === 'inbox' && <InboxPanel materialKey={current.key} mode={mode} active />}
          </Card>
          <Card size="small" title={current ? `${current.name} · ${format(t.scanned, { pages: pages.length })}` : ''}>
            {current && <PageStrip key={current.key} materialKey={current.key} pages={pages} onOpen={setViewing} />}
          </Card>
        </Flex>
      </Flex>
      <PageViewer pages={pages} index={viewing} itemName={current?.name ?? ''} onIndex={setViewing} onClose={() => setViewing(null)} />
    </Flex>
  );
}
