import { Fragment, memo, useEffect, useLayoutEffect, useMemo, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Empty, Flex, Spin, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import type { ApplicationSummary } from '../../../../../shared/contract';
import { maskId } from '../../../../../shared/domain/mask';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { NO_FILTERS, PAGE_SIZE, useApplicationsStore, type ListFilters } from '../store';
import { StatusChip, SyncDot } from './Badges';
import { useTextScale } from '../../../app/textSize';
import { SECONDARY_TEXT } from '../../../app/theme';

export const ROW_HEIGHT = 38;
export const HEADER_HEIGHT = 38;
/** Rows fetched beyond the visible ones, so normal scrolling rarely meets a row still loading. */
const PREFETCH_ROWS = 60;

type ColumnKey = keyof typeof zhCN.apps.list.columns;

// Widths (CSS px at the standard text size) fit the 1366-pixel counter screens without a horizontal
// scrollbar; the school takes what is left. On a narrower window (150 % scaling) or at a larger text size the
// columns with a `drop` rank give way, lowest rank first, so the main ones never need sideways scrolling.
const COLUMNS: readonly { key: ColumnKey; width: number; grow?: true; mono?: true; drop?: number }[] = [
  { key: 'receiptNo', width: 180, mono: true },
  { key: 'childName', width: 84 },
  { key: 'idNumber', width: 146, mono: true },
  { key: 'birthDate', width: 82, mono: true, drop: 3 },
  { key: 'grade', width: 80, drop: 4 },
  { key: 'school', width: 100, grow: true },
  { key: 'type', width: 96, drop: 6 },
  { key: 'status', width: 90 },
  { key: 'sync', width: 70, drop: 5 },
  { key: 'submittedAt', width: 90, mono: true, drop: 2 },
  { key: 'createdBy', width: 70, drop: 1 },
];

export interface ListLayout {
  columns: readonly ColumnKey[];
  grid: string;
  minWidth: number;
  rowHeight: number;
}

/** The columns that fit `width` CSS px at text scale `scale`, and the grid and row height for them. */
export function listLayout(width: number, scale: number): ListLayout {
  const scaled = COLUMNS.map((c) => ({ ...c, width: Math.round(c.width * scale) }));
  let shown = scaled;
  const droppable = scaled.filter((c) => c.drop !== undefined).sort((a, b) => (a.drop ?? 0) - (b.drop ?? 0));
  const total = (cols: typeof scaled) => cols.reduce((sum, c) => sum + c.width, 0);
  for (const c of droppable) {
    if (width <= 0 || total(shown) <= width) break;
    shown = shown.filter((x) => x.key !== c.key);
  }
  // What still does not fit shrinks in proportion (long values end in … with the whole value as a tooltip).
  const fits = width <= 0 || total(shown) <= width;
  const least = (c: (typeof shown)[number]) => Math.round(c.width * 0.6);
  return {
    columns: shown.map((c) => c.key),
    grid: shown.map((c) => (fits ? (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`) : `minmax(${least(c)}px, ${c.width}fr)`)).join(' '),
    minWidth: fits ? total(shown) : shown.reduce((sum, c) => sum + least(c), 0),
    rowHeight: Math.round(ROW_HEIGHT * scale),
  };
}

const cellStyle: CSSProperties = {
  padding: '0 6px',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  display: 'flex',
  alignItems: 'center',
  minWidth: 0,
};
const monoStyle: CSSProperties = { fontVariantNumeric: 'tabular-nums', fontSize: '0.78125rem' };

function openRow(row: ApplicationSummary) {
  useShellStore.getState().navigate(`/applications/${row.id}`);
}

interface RowProps {
  index: number;
  row: ApplicationSummary | undefined;
  top: number;
  selected: boolean;
  school: string;
  layout: ListLayout;
}

/** Text cell with the full value as a tooltip, since narrow columns cut long names. */
function TextCell({ text, mono, secondary }: { text: string; mono?: boolean | undefined; secondary?: boolean }) {
  return (
    <div role="gridcell" style={{ ...cellStyle, ...(mono ? monoStyle : {}), ...(secondary ? { color: SECONDARY_TEXT } : {}) }} title={text}>
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

const Row = memo(function Row({ index, row, top, selected, school, layout }: RowProps) {
  const t = zhCN.apps.list;
  const style: CSSProperties = {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: layout.rowHeight,
    transform: `translateY(${top}px)`,
    display: 'grid',
    gridTemplateColumns: layout.grid,
    borderBottom: '1px solid #f0f0f0',
    background: selected ? '#e6effa' : index % 2 ? '#fcfcfd' : '#fff',
    boxShadow: selected ? 'inset 3px 0 0 #1f5fae' : undefined,
    cursor: row ? 'pointer' : 'default',
    fontSize: '0.8125rem',
  };
  if (!row) {
    return (
      <div role="row" aria-rowindex={index + 2} style={style}>
        <TextCell text={t.loadingRow} secondary />
      </div>
    );
  }
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
      {layout.columns.map((key) => (
        <Fragment key={key}>{cellFor(key, row, school)}</Fragment>
      ))}
    </div>
  );
});

function cellFor(key: ColumnKey, row: ApplicationSummary, school: string): ReactNode {
  const l = zhCN.apps.labels;
  const none = l.none;
  switch (key) {
    case 'receiptNo':
      return <TextCell text={row.receiptNo ?? zhCN.apps.list.draftNoReceipt} mono={row.receiptNo !== null} secondary={row.receiptNo === null} />;
    case 'childName':
      return <TextCell text={row.childName ?? none} />;
    case 'idNumber':
      // Masked as on every printout: the list is on screen for anyone at the counter to see.
      return <TextCell text={row.childIdNumber ? maskId(row.childIdNumber) : none} mono />;
    case 'birthDate':
      return <TextCell text={row.childBirthDate ?? none} mono />;
    case 'grade':
      return <TextCell text={row.grade ? l.grade[row.grade] : none} />;
    case 'school':
      return <TextCell text={school || none} />;
    case 'type':
      return <TextCell text={row.enrollmentType ? l.type[row.enrollmentType] : none} />;
    case 'status':
      return cell(<StatusChip status={row.status} lottery={row.lottery} />);
    case 'sync':
      return cell(<SyncDot state={row.syncState} />);
    case 'submittedAt':
      return (
        <div role="gridcell" style={{ ...cellStyle, ...monoStyle }} title={localTime(row.submittedAt, true)}>
          {row.submittedAt ? localTime(row.submittedAt).slice(5) : none}
        </div>
      );
    case 'createdBy':
      return <TextCell text={row.createdByName ?? row.createdBy} />;
  }
}

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
              <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
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
  const scale = useTextScale();
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRef]);
  const layout = useMemo(() => listLayout(width, scale), [width, scale]);
  const rowHeight = layout.rowHeight;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Let React batch the renders of a fast scroll instead of one synchronous render per scroll event.
    useFlushSync: false,
    scrollMargin: rowHeight,
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
    const top = selected * rowHeight;
    const viewport = el.clientHeight - rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + viewport) el.scrollTop = top + rowHeight - viewport;
  }, [selected, scrollRef, rowHeight]);

  // A new text size changes every row's height.
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

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
          gridTemplateColumns: layout.grid,
          minWidth: layout.minWidth,
          height: rowHeight,
          background: '#f5f7fa',
          borderBottom: '1px solid #e3e7ed',
          fontWeight: 600,
          fontSize: '0.8125rem',
        }}
      >
        {layout.columns.map((key) => (
          <div key={key} role="columnheader" style={cellStyle}>
            {t.columns[key]}
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
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: layout.minWidth }}>
          {items.map((v) => {
            const row = pages[Math.floor(v.index / PAGE_SIZE)]?.[v.index % PAGE_SIZE];
            return (
              <Row
                key={v.index}
                index={v.index}
                row={row}
                top={v.start - rowHeight}
                selected={v.index === selected}
                school={row?.schoolId ? (schools.get(row.schoolId) ?? row.schoolId) : ''}
                layout={layout}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
