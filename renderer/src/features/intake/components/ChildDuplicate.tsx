import { useEffect } from 'react';
import { Alert, Button, Flex } from 'antd';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { useShellStore } from '../../shell/store';
import { useIntakeStore } from '../store';

const t = zhCN.intake;
const r = t.review;

/**
 * The same child already registered here, told where the ID number is typed (and above every step after it),
 * not only at 核对提交: the existing application's receipt number, and Ctrl+O (or the button) opens it.
 */
export function ChildDuplicate({ compact = false }: { compact?: boolean }) {
  const blocking = useIntakeStore((s) => s.duplicates?.blocking ?? null);
  const editing = useIntakeStore((s) => s.editing !== null);
  const open = blocking ? () => useShellStore.getState().navigate(`/applications/${blocking.id}`) : null;

  useEffect(() => {
    if (!open) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'o') return;
      e.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!blocking || !open || editing) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={compact ? 'intake-child-duplicate-banner' : 'intake-child-duplicate'}
      title={r.duplicateTitle}
      description={
        <Flex gap={12} align="center" wrap>
          <span>
            {format(r.duplicateLine, {
              receiptNo: blocking.receiptNo ?? '',
              name: blocking.childName ?? '',
              status: t.status[blocking.status],
              at: localTime(blocking.submittedAt ?? blocking.createdAt),
            })}
          </span>
          <Button size="small" onClick={open} data-testid="intake-child-duplicate-open" tabIndex={-1}>
            {r.openExistingKey}
          </Button>
        </Flex>
      }
    />
  );
}
