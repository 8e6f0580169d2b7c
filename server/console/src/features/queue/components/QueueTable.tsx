import { memo, useEffect, useLayoutEffect, type CSSProperties, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Flex, Spin, Typography } from 'antd';
import type { QueueRow } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { labels } from '../../../../../../shared/i18n/zhCN.labels';
import { localMinute } from '../../../lib/format';
import { useShellStore } from '../../shell/store';
import { isFiltered, useQueueStore } from '../store';
import { StatusTag } from '../../../lib/StatusTag';
import { Chip } from '../../../lib/Chip';

export const ROW_HEIGHT = 38;
export const HEADER_HEIGHT = 38;
/** Fetch the next page when the screen comes this close to the last loaded row. */
const PREFETCH_ROWS = 40;

type ColumnKey = keyof typeof consoleText.queue.columns;
const COLUMNS: readonly { key: ColumnKey; width: number; grow?: true }[] = [
  { key: 'receiptNo', width: 170 },
  { key: 'childName', width: 90 },
  { key: 'idNumber', width: 170 },
  { key: 'school', width: 140, grow: true },
  { key: 'type', width: 120 },
  { key: 'counter', width: 70 },
  { key: 'status', width: 100 },
  { key: 'flags', width: 150 },
  { key: 'submittedAt', width: 130 },
];
const GRID = COLUMNS.map((c) => (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
const MIN_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);

const t = consoleText.queue;
const cellStyle: CSSProperties = { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', display: 'flex', alignItems: 'center', minWidth: 0 };
const mono: CSSProperties = { fontVariantNumeric: 'tabular-nums', fontSize: 12.5 };

export function openApplication(row: QueueRow) {
  useShellStore.getState().navigate(`/applications/${row.applicationId}`);
}

function Text({ text, style }: { text: string; style?: CSSProperties }) {
  return (
    <div role="gridcell" style={{ ...cellStyle, ...style }} title={text}>
      {text}
    </div>
  );
}

const Row = memo(function Row({ row, index, top, selected }: { row: QueueRow | undefined; index: number; top: number; selected: boolean }) {
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
        <Text text={t.loadingRow} style={{ color: 'rgba(0,0,0,0.65)' }} />
      </div>
    );
  }
  const none = consoleText.common.dash;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid={`queue-row-${row.receiptNo}`}
      data-index={index}
      style={style}
      onClick={() => {
        useQueueStore.getState().select(index);
        openApplication(row);
      }}
    >
      <Text text={row.receiptNo} style={mono} />
      <Text text={row.childName} />
      <Text text={row.idNumberMasked} style={mono} />
      <Text text={row.schoolName ?? row.schoolId ?? none} />
      <Text text={row.type ? labels.enrollmentType[row.type] : none} />
      <Text text={row.source === 'online' ? t.online : row.counterCode} />
      <div role="gridcell" style={cellStyle}>
        <StatusTag status={row.status} />
      </div>
      <div role="gridcell" style={{ ...cellStyle, gap: 2 }}>
        {row.duplicate && (
          <Chip color="volcano" style={{ marginInlineEnd: 0 }}>
            {t.flagDuplicate}
          </Chip>
        )}
        {row.missingMaterials > 0 && (
          <Chip color="gold" style={{ marginInlineEnd: 0 }}>
            {format(t.flagMissing, { n: row.missingMaterials })}
          </Chip>
        )}
        {row.reentered && (
          <Chip color="purple" style={{ marginInlineEnd: 0 }}>
            {t.flagReentered}
          </Chip>
        )}
      </div>
      <Text text={row.submittedAt ? localMinute(row.submittedAt) : localMinute(row.receivedAt)} style={mono} />
    </div>
  );
});

function EmptyQueue() {
  const filtered = useQueueStore((s) => isFiltered(s.filter));
  return (
    <div data-testid="queue-empty" style={{ padding: '48px 16px' }}>
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
      />
    </div>
  );
}

/**
 * The queue as a virtualised grid: only the rows on screen (plus a few) are in the DOM, and the next page
 * (keyset: after the last row) is fetched as the end comes into view, so 100,000 applications scroll like 100.
 */
export function QueueTable({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const rows = useQueueStore((s) => s.rows);
  const more = useQueueStore((s) => s.nextCursor !== null);
  const loading = useQueueStore((s) => s.loading);
  const gen = useQueueStore((s) => s.gen);
  const selected = useQueueStore((s) => s.selected);
  const resetKey = useQueueStore((s) => s.resetKey);
  const total = useQueueStore((s) => s.counts?.total ?? null);
  const count = rows.length + (more ? 1 : 0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    useFlushSync: false,
    scrollMargin: HEADER_HEIGHT,
    initialOffset: () => useQueueStore.getState().scrollTop,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (more && last >= rows.length - PREFETCH_ROWS) void useQueueStore.getState().loadMore();
  }, [last, rows.length, more]);

  useLayoutEffect(() => {
    if (resetKey > 0 && scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey, scrollRef]);

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
      aria-rowcount={total === null ? -1 : total + 1}
      aria-busy={loading}
      tabIndex={0}
      data-testid="queue-table"
      data-rows={rows.length}
      data-gen={gen}
      onScroll={(e) => useQueueStore.getState().rememberScroll(e.currentTarget.scrollTop)}
      style={{ flex: 1, minHeight: 0, overflow: 'auto', background: '#fff', border: '1px solid #e3e7ed', borderRadius: 6, position: 'relative' }}
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
      {loading && rows.length === 0 && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {!loading && gen > 0 && rows.length === 0 ? (
        <EmptyQueue />
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: MIN_WIDTH, opacity: loading ? 0.6 : 1 }}>
          {items.map((v) => (
            <Row key={v.index} index={v.index} row={rows[v.index]} top={v.start - HEADER_HEIGHT} selected={v.index === selected} />
          ))}
        </div>
      )}
    </div>
  );
}
