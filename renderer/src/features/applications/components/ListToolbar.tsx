import { type RefObject } from 'react';
import { Button, DatePicker, Flex, Input, Select, Switch, Typography, type InputRef } from 'antd';
import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import {
  applicationStatusSchema,
  enrollmentTypeSchema,
  syncStateSchema,
  type ApplicationStatus,
  type EnrollmentType,
  type SyncState,
} from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { usePlansStore } from '../../plans/store';
import { NO_FILTERS, useApplicationsStore } from '../store';
import { SECONDARY_TEXT } from '../../../app/theme';
import { dayRangeOf } from '../../../../../shared/dayValue';

const l = zhCN.apps.labels;
const statusOptions = applicationStatusSchema.options.map((v) => ({ value: v, label: l.status[v] }));
const typeOptions = enrollmentTypeSchema.options.map((v) => ({ value: v, label: l.type[v] }));
const syncOptions = syncStateSchema.options.map((v) => ({ value: v, label: l.sync[v] }));
const DAY = 'YYYY-MM-DD';

export function SearchBox({ inputRef }: { inputRef: RefObject<InputRef | null> }) {
  const t = zhCN.apps.list;
  const query = useApplicationsStore((s) => s.filters.query);
  return (
    <Input
      ref={inputRef}
      data-testid="apps-search"
      aria-label={t.searchLabel}
      size="large"
      allowClear
      maxLength={60}
      prefix={<SearchOutlined style={{ color: SECONDARY_TEXT }} />}
      placeholder={t.searchPlaceholder}
      value={query}
      onChange={(e) => useApplicationsStore.getState().setQuery(e.target.value)}
      style={{ flex: 1, minWidth: 320 }}
    />
  );
}

export function DraftsSwitch() {
  const t = zhCN.apps.list.filters;
  const includeDrafts = useApplicationsStore((s) => s.filters.includeDrafts);
  return (
    <Flex align="center" gap={6} style={{ flex: 'none' }}>
      <Switch
        checked={includeDrafts}
        data-testid="apps-filter-drafts"
        aria-label={t.includeDrafts}
        onChange={(value) => useApplicationsStore.getState().setFilters({ includeDrafts: value })}
      />
      <Typography.Text>{t.includeDrafts}</Typography.Text>
    </Flex>
  );
}

export function FilterBar() {
  const t = zhCN.apps.list.filters;
  const filters = useApplicationsStore((s) => s.filters);
  const plan = usePlansStore((s) => s.active?.plan);
  const set = useApplicationsStore.getState().setFilters;
  const schoolOptions = (plan?.schools ?? []).map((s) => ({ value: s.id, label: s.name }));
  const changed =
    filters.status.length + filters.enrollmentType.length + filters.syncState.length > 0 ||
    filters.schoolId !== null ||
    filters.from !== null ||
    filters.to !== null ||
    filters.includeDrafts !== NO_FILTERS.includeDrafts;

  return (
    <Flex gap={8} wrap align="center" data-testid="apps-filters">
      <Select<ApplicationStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.status}
        aria-label={t.status}
        data-testid="apps-filter-status"
        options={statusOptions}
        optionFilterProp="label"
        value={filters.status}
        onChange={(status) => set({ status })}
        style={{ width: 168 }}
      />
      <Select<EnrollmentType[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.type}
        aria-label={t.type}
        data-testid="apps-filter-type"
        options={typeOptions}
        optionFilterProp="label"
        value={filters.enrollmentType}
        onChange={(enrollmentType) => set({ enrollmentType })}
        style={{ width: 168 }}
      />
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t.school}
        aria-label={t.school}
        data-testid="apps-filter-school"
        options={schoolOptions}
        value={filters.schoolId ?? undefined}
        onChange={(schoolId) => set({ schoolId: schoolId ?? null })}
        style={{ width: 190 }}
        popupMatchSelectWidth={260}
      />
      <span data-testid="apps-filter-dates" title={t.dateHint}>
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t.dateFrom, t.dateTo]}
          aria-label={t.dateHint}
          value={dayRangeOf(filters.from, filters.to)}
          onChange={(range) => set({ from: range?.[0]?.format(DAY) ?? null, to: range?.[1]?.format(DAY) ?? null })}
          style={{ width: 250 }}
        />
      </span>
      <Select<SyncState[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t.sync}
        aria-label={t.sync}
        data-testid="apps-filter-sync"
        options={syncOptions}
        optionFilterProp="label"
        value={filters.syncState}
        onChange={(syncState) => set({ syncState })}
        style={{ width: 150 }}
      />
      {changed && (
        <Button type="link" icon={<ClearOutlined />} onClick={() => useApplicationsStore.getState().clearFilters()} data-testid="apps-filter-clear">
          {t.clear}
        </Button>
      )}
    </Flex>
  );
}
