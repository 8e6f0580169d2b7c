import { useEffect, useRef } from 'react';
import { Button, Flex, Typography, type InputRef } from 'antd';
import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useShellStore } from '../../shell/store';
import { useApplicationsStore } from '../store';
import { ApplicationTable } from './ApplicationTable';
import { DraftsSwitch, FilterBar, SearchBox } from './ListToolbar';
import { PageTitle } from '../../../lib/PageTitle';

/** Inputs, selects and pickers keep their own keys; the list's shortcuts must not steal them. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** A dialog or the lock screen has the keyboard; the page's shortcuts wait. */
export function overlayOpen(): boolean {
  if (document.querySelector('[data-testid="lock-overlay"]')) return true;
  return [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((el) => el.offsetParent !== null || getComputedStyle(el).display !== 'none');
}

function Summary() {
  const t = zhCN.apps.list;
  const total = useApplicationsStore((s) => s.total);
  const pending = useApplicationsStore((s) => s.searching);
  return (
    <Flex gap={12} align="baseline" data-testid="apps-summary" data-searching={pending ? 'true' : 'false'}>
      {total !== null && (
        <Typography.Text strong data-testid="apps-count" data-total={total}>
          {format(t.count, { total: total.toLocaleString('zh-CN') })}
        </Typography.Text>
      )}
      {pending && (
        <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
          {t.searching}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** 申请列表: one search box, filters, and a virtualised list of every application at this counter. */
export function ApplicationList() {
  const t = zhCN.apps.list;
  const searchRef = useRef<InputRef>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const error = useApplicationsStore((s) => s.error);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || overlayOpen()) return;
      const store = useApplicationsStore.getState();
      const search = searchRef.current?.input ?? null;
      const inSearch = e.target === search;
      // Keys typed into other fields (filters, pickers) belong to those fields.
      if (!inSearch && isEditable(e.target)) return;
      // Enter on a button or link presses it.
      if (!inSearch && e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a, [role="switch"]')) return;
      switch (e.key) {
        case '/':
          // No name, ID, phone or receipt number contains '/': in the box it selects what is there.
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
          const rows = Math.max(1, Math.floor((tableRef.current?.clientHeight ?? 400) / 38) - 1);
          store.moveSelection(e.key === 'PageDown' ? rows : -rows);
          return;
        }
        case 'Enter': {
          const row = store.rowAt(store.selected);
          if (!row) return;
          e.preventDefault();
          useShellStore.getState().navigate(`/applications/${row.id}`);
          return;
        }
        case 'Escape':
          if (store.filters.query === '') return;
          e.preventDefault();
          store.setQuery('');
          searchRef.current?.focus();
          return;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The clerk usually comes here to find someone: the cursor starts in the search box.
  useEffect(() => {
    searchRef.current?.focus({ cursor: 'end' });
  }, []);

  return (
    <div data-testid="apps-list" style={{ display: 'flex', flexDirection: 'column', gap: 10, height: '100%', minHeight: 460 }}>
      <Flex justify="space-between" align="center" gap={16}>
        <Flex align="baseline" gap={16}>
          <PageTitle>{zhCN.apps.listTitle}</PageTitle>
          <Summary />
        </Flex>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void useApplicationsStore.getState().refresh()} data-testid="apps-refresh">
            {t.refresh}
          </Button>
          <Button type="primary" icon={<FormOutlined />} onClick={() => useShellStore.getState().navigate('/intake')}>
            {t.newIntake}
          </Button>
        </Flex>
      </Flex>
      <Flex gap={16} align="center">
        <SearchBox inputRef={searchRef} />
        <DraftsSwitch />
      </Flex>
      <FilterBar />
      <ErrorAlert error={error} testId="apps-error" style={{ marginBottom: 0 }} />
      <ApplicationTable scrollRef={tableRef} />
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
        {t.keyboardHint}
      </Typography.Text>
    </div>
  );
}
