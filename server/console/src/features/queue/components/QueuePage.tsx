import { useEffect, useRef } from 'react';
import { Button, Flex, Typography, type InputRef } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { formatMs } from '../../../lib/format';
import { isEditable, overlayOpen } from '../../../lib/keys';
import { useReferenceStore } from '../../reference/store';
import { useSessionStore } from '../../session/store';
import { useQueueStore } from '../store';
import { BulkApprove } from './BulkApprove';
import { FilterBar, SearchBox, StatusTabs, totalText } from './QueueFilters';
import { openApplication, QueueTable, ROW_HEIGHT } from './QueueTable';

const t = consoleText.queue;

function Summary() {
  const total = useQueueStore((s) => s.counts?.total ?? null);
  const loaded = useQueueStore((s) => s.rows.length);
  const tookMs = useQueueStore((s) => s.tookMs);
  return (
    <Flex gap={12} align="baseline" data-testid="queue-summary">
      {total !== null && (
        <Typography.Text strong data-testid="queue-total" data-total={total}>
          {totalText(total)}
        </Typography.Text>
      )}
      {total !== null && loaded < total && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {format(t.loaded, { loaded: loaded.toLocaleString('zh-CN') })}
        </Typography.Text>
      )}
      {tookMs !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="queue-took">
          {format(t.took, { ms: formatMs(tookMs) })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** 审核队列: search, filters with counts, and a virtualised list over every application in the account's scope. */
export default function QueuePage() {
  const searchRef = useRef<InputRef>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const error = useQueueStore((s) => s.error);
  const role = useSessionStore((s) => s.me?.role);
  const canBulk = role === 'reviewer' || role === 'second_reviewer';

  useEffect(() => {
    void useReferenceStore.getState().load();
    useQueueStore.getState().open();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || overlayOpen()) return;
      const store = useQueueStore.getState();
      const search = searchRef.current?.input ?? null;
      const inSearch = e.target === search;
      if (!inSearch && isEditable(e.target)) return;
      if (!inSearch && e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a, label')) return;
      switch (e.key) {
        case '/':
          e.preventDefault();
          searchRef.current?.focus({ cursor: 'all' });
          return;
        case 'ArrowDown':
        case 'ArrowUp':
          e.preventDefault();
          store.moveSelection(e.key === 'ArrowDown' ? 1 : -1);
          return;
        case 'PageDown':
        case 'PageUp': {
          if (inSearch) return;
          e.preventDefault();
          const rows = Math.max(1, Math.floor((tableRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
          store.moveSelection(e.key === 'PageDown' ? rows : -rows);
          return;
        }
        case 'Enter': {
          const row = store.rows[store.selected];
          if (!row) return;
          e.preventDefault();
          openApplication(row);
          return;
        }
        case 'Escape':
          if (!inSearch || store.text === '') return;
          e.preventDefault();
          store.setText('');
          return;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section data-testid="queue-page" style={{ display: 'flex', flexDirection: 'column', gap: 10, height: '100%', minHeight: 480 }}>
      <Flex justify="space-between" align="center" gap={16}>
        <Flex align="baseline" gap={16}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {consoleText.nav.queue}
          </Typography.Title>
          <Summary />
        </Flex>
        <Flex gap={8} align="center">
          {canBulk && <BulkApprove />}
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void useQueueStore.getState().refresh()} data-testid="queue-refresh">
            {consoleText.common.refresh}
          </Button>
        </Flex>
      </Flex>
      <SearchBox inputRef={searchRef} />
      <StatusTabs />
      <FilterBar />
      <ErrorAlert error={error} testId="queue-error" style={{ marginBottom: 0 }} />
      <QueueTable scrollRef={tableRef} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.keyboardHint}
      </Typography.Text>
    </section>
  );
}
