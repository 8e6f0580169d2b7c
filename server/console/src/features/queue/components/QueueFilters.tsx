import { useMemo, type RefObject } from 'react';
import { Button, Checkbox, DatePicker, Flex, Input, Radio, Select, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { dayRangeOf } from '../../../../../../shared/dayValue';
import { queueStatusSchema, type QueueFilter, type QueueStatus } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { consoleApiText } from '../../../../../../shared/i18n/zhCN.consoleApi';
import { labels } from '../../../../../../shared/i18n/zhCN.labels';
import { useReferenceStore } from '../../reference/store';
import { useSessionStore } from '../../session/store';
import { isFiltered, useQueueStore, type QueueCounts } from '../store';

const t = consoleText.queue;

function countOf(facet: QueueCounts['statuses'] | undefined, value: string): number | undefined {
  if (!facet) return undefined;
  return facet.find((x) => x.value === value)?.count ?? 0;
}

function withCount(label: string, n: number | undefined): string {
  return n === undefined ? label : `${label}（${n.toLocaleString('zh-CN')}）`;
}

/** Search by child; a 只读 account may not look a child up (the server refuses it), so its box says so instead. */
export function SearchBox({ inputRef }: { inputRef: RefObject<InputRef | null> }) {
  const text = useQueueStore((s) => s.text);
  const viewer = useSessionStore((s) => s.me?.role === 'viewer');
  return (
    <Input
      ref={inputRef}
      allowClear
      disabled={viewer}
      prefix={<SearchOutlined aria-hidden />}
      placeholder={viewer ? t.searchViewer : t.searchPlaceholder}
      aria-label={t.searchLabel}
      value={text}
      onChange={(e) => useQueueStore.getState().setText(e.target.value)}
      style={{ maxWidth: 520 }}
      data-testid="queue-search"
    />
  );
}

/** 全部 / 待审核 / … with what each would give under the other filters. */
export function StatusTabs() {
  const statuses = useQueueStore((s) => s.filter.statuses);
  const counts = useQueueStore((s) => s.counts);
  const value = statuses?.length === 1 ? statuses[0] : 'all';
  const all = counts ? counts.statuses.reduce((sum, x) => sum + x.count, 0) : undefined;
  return (
    <Radio.Group
      optionType="button"
      size="small"
      value={value}
      aria-label={t.status}
      onChange={(e) => {
        const v = e.target.value as QueueStatus | 'all';
        useQueueStore.getState().setFilter({ statuses: v === 'all' ? undefined : [v] });
      }}
      data-testid="queue-status-tabs"
      options={[
        { value: 'all', label: withCount(t.allStatuses, all) },
        ...queueStatusSchema.options.map((s) => ({ value: s, label: withCount(consoleApiText.statuses[s], countOf(counts?.statuses, s)), 'data-testid': `queue-status-${s}` })),
      ]}
    />
  );
}

type Tri = 'any' | 'only' | 'none';
const triValue = (v: boolean | undefined): Tri => (v === undefined ? 'any' : v ? 'only' : 'none');
const triBool = (v: Tri): boolean | undefined => (v === 'any' ? undefined : v === 'only');

export function FilterBar() {
  const filter = useQueueStore((s) => s.filter);
  const order = useQueueStore((s) => s.order);
  const counts = useQueueStore((s) => s.counts);
  const reference = useReferenceStore((s) => s.reference);
  const set = useQueueStore.getState().setFilter;

  const schoolOptions = useMemo(() => {
    const named = new Map(reference?.schools.map((s) => [s.id, s.name]) ?? []);
    for (const f of counts?.schools ?? []) if (!named.has(f.value)) named.set(f.value, f.value);
    return [...named].map(([id, name]) => ({ value: id, label: withCount(name, countOf(counts?.schools, id)) }));
  }, [reference, counts]);
  const typeOptions = useMemo(
    () =>
      (reference?.types ?? Object.entries(labels.enrollmentType).map(([id, name]) => ({ id, name }))).map((x) => ({
        value: x.id,
        label: withCount(x.name, countOf(counts?.types, x.id)),
      })),
    [reference, counts],
  );
  const counterOptions = useMemo(() => {
    const named = new Map(reference?.counters.map((c) => [c.code, c.name]) ?? []);
    for (const f of counts?.counters ?? []) if (!named.has(f.value)) named.set(f.value, f.value);
    return [...named].map(([code, name]) => ({ value: code, label: withCount(name === code ? code : `${code} ${name}`, countOf(counts?.counters, code)) }));
  }, [reference, counts]);

  const range = filter.submittedFrom || filter.submittedTo ? dayRangeOf(filter.submittedFrom, filter.submittedTo) : null;

  return (
    <Flex wrap gap={8} align="center" data-testid="queue-filters">
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.school}
        aria-label={t.school}
        style={{ minWidth: 200 }}
        value={filter.schoolIds ?? []}
        onChange={(v: string[]) => set({ schoolIds: v })}
        options={schoolOptions}
        optionFilterProp="label"
        data-testid="queue-filter-school"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.type}
        aria-label={t.type}
        style={{ minWidth: 170 }}
        value={filter.types ?? []}
        onChange={(v: QueueFilter['types']) => set({ types: v })}
        options={typeOptions}
        data-testid="queue-filter-type"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.counter}
        aria-label={t.counter}
        style={{ minWidth: 170 }}
        value={filter.counterCodes ?? []}
        onChange={(v: string[]) => set({ counterCodes: v })}
        options={counterOptions}
        optionFilterProp="label"
        data-testid="queue-filter-counter"
      />
      <Select<Tri>
        aria-label={t.duplicate}
        style={{ width: 150 }}
        value={triValue(filter.duplicate)}
        onChange={(v) => set({ duplicate: triBool(v) })}
        options={[
          { value: 'any', label: `${t.duplicate}：${t.anyValue}` },
          { value: 'only', label: withCount(t.duplicateOnly, counts?.duplicate) },
          { value: 'none', label: t.duplicateNone },
        ]}
        data-testid="queue-filter-duplicate"
      />
      <Select<Tri>
        aria-label={t.missing}
        style={{ width: 150 }}
        value={triValue(filter.missingMaterials)}
        onChange={(v) => set({ missingMaterials: triBool(v) })}
        options={[
          { value: 'any', label: `${t.missing}：${t.anyValue}` },
          { value: 'only', label: withCount(t.missingOnly, counts?.missingMaterials) },
          { value: 'none', label: t.missingNone },
        ]}
        data-testid="queue-filter-missing"
      />
      <DatePicker.RangePicker
        aria-label={t.submitted}
        placeholder={[t.submitted, t.submitted]}
        allowEmpty={[true, true]}
        value={range}
        onChange={(v) => set({ submittedFrom: v?.[0]?.format('YYYY-MM-DD'), submittedTo: v?.[1]?.format('YYYY-MM-DD') })}
        style={{ width: 250 }}
        data-testid="queue-filter-dates"
      />
      <Checkbox checked={filter.reentered === true} onChange={(e) => set({ reentered: e.target.checked ? true : undefined })} data-testid="queue-filter-reentered">
        {withCount(t.reentered, counts?.reentered)}
      </Checkbox>
      <Checkbox checked={filter.allVerified === true} onChange={(e) => set({ allVerified: e.target.checked ? true : undefined })} data-testid="queue-filter-all-verified">
        {withCount(deptConsoleText.queue.allVerified, counts?.allVerified)}
      </Checkbox>
      <Select<'oldest' | 'newest'>
        aria-label={t.order}
        style={{ width: 150 }}
        value={order}
        onChange={(v) => useQueueStore.getState().setOrder(v)}
        options={[
          { value: 'oldest', label: t.oldest },
          { value: 'newest', label: t.newest },
        ]}
      />
      {isFiltered(filter) && (
        <Button onClick={() => useQueueStore.getState().clearFilters()} data-testid="queue-clear">
          {t.clearFilters}
        </Button>
      )}
    </Flex>
  );
}

export function totalText(total: number): string {
  return format(t.total, { total: total.toLocaleString('zh-CN') });
}
