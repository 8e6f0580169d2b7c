import { memo, useEffect, useLayoutEffect, useMemo, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Empty, Flex, Spin, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import type { ApplicationSummary } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { NO_FILTERS, PAGE_SIZE, useApplicationsStore, type ListFilters } from '../store';
import { StatusChip, SyncDot } from './Badges';

export const ROW_HEIGHT = 38;
export const HEADER_HEIGHT = 38;
/** Rows fetched beyond the visible ones, so normal scrolling rarely meets a row still loading. */
const PREFETCH_ROWS = 60;

type ColumnKey = keyof typeof zhCN.apps.list.columns;

// Widths fit the 1366-pixel counter screens without a horizontal scrollbar; the school takes what is left.
const COLUMNS: readonly { key: ColumnKey; width: number; grow?: true; mono?: true }[] = [
  { key: 'receiptNo', width: 180, mono: true },
  { key: 'childName', width: 84 },
  { key: 'idNumber', width: 146, mono: true },
  { key: 'birthDate', width: 82, mono: true },
  { key: 'grade', width: 80 },
  { key: 'school', width: 100, grow: true },
  { key: 'type', width: 96 },
  { key: 'status', width: 90 },
  { key: 'sync', width: 70 },
  { key: 'submittedAt', width: 90, mono: true },
  { key: 'createdBy', width: 70 },
];
const GRID = COLUMNS.map((c) => (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
const MIN_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);

const cellStyle: CSSProperties = {
  padding: '0 6px',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  display: 'flex',
  alignItems: 'center',
  minWidth: 0,
};
const monoStyle: CSSProperties = { fontVariantNumeric: 'tabular-nums', fontSize: 12.5 };

function openRow(row: ApplicationSummary) {
  useShellStore.getState().navigate(`/applications/${row.id}`);
}

interface RowProps {
  index: number;
  row: ApplicationSummary | undefined;
  top: number;
  selected: boolean;
  school: string;
}

/** Text cell with the full value as a tooltip, since narrow columns cut long names. */
function TextCell({ text, mono, secondary }: { text: string; mono?: boolean | undefined; secondary?: boolean }) {
  return (
    <div role="gridcell" style={{ ...cellStyle, ...(mono ? monoStyle : {}), ...(secondary ? { color: '#8c8c8c' } : {}) }} title={text}>
      {text}
    </div>
  );
}

function cell(content: ReactNode) {
  return (
    <div role="gridcell" style={cellStyle}>
      {content}
    </div>
  );
}

const Row = memo(function Row({ index, row, top, selected, school }: RowProps) {
  const l = zhCN.apps.labels;
  const t = zhCN.apps.list;
  const style: CSSProperties = {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    transform: `translateY(${top}px)`,
    display: 'grid',
    gridTemplateColumns: GRID,
    borderBottom: '1px solid #f0f0f0',
    background: selected ? '#e6effa' : index % 2 ? '#fcfcfd' : '#fff',
    boxShadow: selected ? 'inset 3px 0 0 #1f5fae' : undefined,
    cursor: row ? 'pointer' : 'default',
    fontSize: 13,
  };
  if (!row) {
    return (
      <div role="row" aria-rowindex={index + 2} style={style}>
        <TextCell text={t.loadingRow} secondary />
      </div>
    );
  }
  const none = l.none;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid={`apps-row-${row.receiptNo ?? row.id}`}
      data-index={index}
      style={style}
      onClick={() => {
        useApplicationsStore.getState().select(index);
        openRow(row);
      }}
    >
      <TextCell text={row.receiptNo ?? t.draftNoReceipt} mono={row.receiptNo !== null} secondary={row.receiptNo === null} />
      <TextCell text={row.childName ?? none} />
      <TextCell text={row.childIdNumber ?? none} mono />
      <TextCell text={row.childBirthDate ?? none} mono />
      <TextCell text={row.grade ? l.grade[row.grade] : none} />
      <TextCell text={school || none} />
      <TextCell text={row.enrollmentType ? l.type[row.enrollmentType] : none} />
      {cell(<StatusChip status={row.status} />)}
      {cell(<SyncDot state={row.syncState} />)}
      <div role="gridcell" style={{ ...cellStyle, ...monoStyle }} title={localTime(row.submittedAt, true)}>
        {row.submittedAt ? localTime(row.submittedAt).slice(5) : none}
      </div>
      <TextCell text={row.createdByName ?? row.createdBy} />
    </div>
  );
});

function isFiltered(f: ListFilters): boolean {
  return (
    f.query.trim() !== '' ||
    f.status.length > 0 ||
    f.enrollmentType.length > 0 ||
    f.syncState.length > 0 ||
    f.schoolId !== null ||
    f.from !== null ||
    f.to !== null ||
    f.includeDrafts !== NO_FILTERS.includeDrafts
  );
}

function EmptyList() {
  const t = zhCN.apps.list;
  const filtered = useApplicationsStore((s) => isFiltered(s.filters));
  return (
    <div data-testid="apps-empty" style={{ padding: '48px 16px' }}>
      <Empty
        description={
          filtered ? (
            <>
              <div>{t.emptyFiltered}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t.emptyHint}
              </Typography.Text>
            </>
          ) : (
            t.empty
          )
        }
      >
        {!filtered && (
          <Button type="primary" icon={<FormOutlined />} onClick={() => useShellStore.getState().navigate('/intake')}>
            {t.newIntake}
          </Button>
        )}
      </Empty>
    </div>
  );
}

/**
 * The application list as a virtualised grid: only the rows on screen (plus a few) are in the DOM,
 * and rows are fetched a page at a time as they come into view, so 100,000 applications scroll
 * like 100. The header sits in the same scroller (sticky) so it moves with horizontal scrolling.
 */
export function ApplicationTable({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const t = zhCN.apps.list;
  const total = useApplicationsStore((s) => s.total);
  const pages = useApplicationsStore((s) => s.pages);
  const selected = useApplicationsStore((s) => s.selected);
  const shownGen = useApplicationsStore((s) => s.shownGen);
  const resetKey = useApplicationsStore((s) => s.resetKey);
  const error = useApplicationsStore((s) => s.error);
  const plan = usePlansStore((s) => s.active?.plan);
  const schools = useMemo(() => new Map(plan?.schools.map((s) => [s.id, s.name]) ?? []), [plan]);
  const count = total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Let React batch the renders of a fast scroll instead of one synchronous render per scroll event.
    useFlushSync: false,
    scrollMargin: HEADER_HEIGHT,
    initialOffset: () => useApplicationsStore.getState().scrollTop,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) useApplicationsStore.getState().ensureRange(Math.max(0, first - PREFETCH_ROWS), last + PREFETCH_ROWS);
  }, [first, last, count, shownGen, pages]);

  // A new query starts at the top.
  useLayoutEffect(() => {
    if (resetKey > 0 && scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey, scrollRef]);

  // Keep the selected row in view when the keyboard moves it (the sticky header covers the top).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selected < 0) return;
    const top = selected * ROW_HEIGHT;
    const viewport = el.clientHeight - HEADER_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + viewport) el.scrollTop = top + ROW_HEIGHT - viewport;
  }, [selected, scrollRef]);

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={t.tableLabel}
      aria-rowcount={count + 1}
      tabIndex={0}
      data-testid="apps-table"
      data-total={count}
      onScroll={(e) => useApplicationsStore.getState().rememberScroll(e.currentTarget.scrollTop)}
      style={{
        flex: 1,
        minHeight: 0,
        overflow: 'auto',
        background: '#fff',
        border: '1px solid #e3e7ed',
        borderRadius: 6,
        outline: 'none',
        position: 'relative',
      }}
    >
      <div
        role="row"
        aria-rowindex={1}
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 2,
          display: 'grid',
          gridTemplateColumns: GRID,
          minWidth: MIN_WIDTH,
          height: HEADER_HEIGHT,
          background: '#f5f7fa',
          borderBottom: '1px solid #e3e7ed',
          fontWeight: 600,
          fontSize: 13,
        }}
      >
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" style={cellStyle}>
            {t.columns[c.key]}
          </div>
        ))}
      </div>
      {total === null && !error && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t.loadingRow} />
        </Flex>
      )}
      {total === 0 ? (
        <EmptyList />
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: MIN_WIDTH }}>
          {items.map((v) => {
            const row = pages[Math.floor(v.index / PAGE_SIZE)]?.[v.index % PAGE_SIZE];
            return (
              <Row
                key={v.index}
                index={v.index}
                row={row}
                top={v.start - HEADER_HEIGHT}
                selected={v.index === selected}
                school={row?.schoolId ? (schools.get(row.schoolId) ?? row.schoolId) : ''}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
