import { useCallback, useState } from 'react';
import { flushSync } from 'react-dom';
import { Alert, Typography } from 'antd';
import type { IdCard } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { applyCard, personOfPath, type PersonTarget } from '../../cardReader/apply';
import { useCardReaderStore } from '../../cardReader/store';
import { useCardReading } from '../../cardReader/useCardReading';
import { focusFirstField } from '../focus';
import { useIntakeStore } from '../store';

const t = zhCN.cardReader;

/** The person a card goes to: the one the cursor is in, else the step's (the child, or the first guardian without a name). */
function targetOf(step: number): PersonTarget | null {
  const path = document.activeElement?.closest<HTMLElement>('[data-field]')?.dataset.field;
  const focused = path ? personOfPath(path) : null;
  if (focused) return focused;
  if (step === 0) return { kind: 'child' };
  if (step !== 1) return null;
  const guardians = useIntakeStore.getState().data.guardians ?? [];
  const index = guardians.findIndex((g) => !g.name);
  return { kind: 'guardian', index: index < 0 ? Math.max(0, guardians.length - 1) : index };
}

const prefixOf = (p: PersonTarget) => (p.kind === 'guardian' ? `guardians.${p.index}` : p.kind);

/**
 * ① and ②: F2 reads the ID card into the person the cursor is in (the child, a guardian, the proxy); a card
 * laid on the reader while one of these steps is open is read by itself. The card's name, number, birth date,
 * sex and address fill the form at once; the cursor goes to what is still to answer for that person (the
 * mobile), or on when nothing is left. An expired card is filled but flagged.
 */
export function CardReading({ step }: { step: number }) {
  const [filled, setFilled] = useState<IdCard | null>(null);
  const readError = useCardReaderStore((s) => s.readError);

  const onCard = useCallback(
    (card: IdCard) => {
      const target = targetOf(step);
      if (!target) return;
      const { update, touch } = useIntakeStore.getState();
      const change = applyCard(useIntakeStore.getState().data, target, card);
      flushSync(() => {
        update(() => change.draft, change.paths);
        for (const p of change.paths) touch(p);
        setFilled(card);
      });
      const container = document.querySelector('[data-intake-step]');
      if (!container) return;
      const prefix = `${prefixOf(target)}.`;
      // The cursor moves on only from where the card's own answers go (or from nowhere): a card read by itself
      // while the clerk types the mobile leaves the cursor there.
      const at = document.activeElement?.closest<HTMLElement>('[data-field]')?.dataset.field;
      if (at !== undefined && !(at.startsWith(prefix) && /\.(name|idType|idNumber)$/.test(at))) return;
      const open = Array.from(container.querySelectorAll<HTMLElement>('[data-field]')).find(
        (w) => w.dataset.field?.startsWith(prefix) && w.dataset.answered !== 'true' && w.dataset.enterSkip !== 'true' && w.querySelector('input:not([disabled])'),
      );
      if (open) open.querySelector<HTMLElement>('input:not([disabled])')?.focus();
      else if (!container.querySelector('[data-field]:not([data-answered="true"])')) useIntakeStore.getState().next();
      else focusFirstField(container);
    },
    [step],
  );
  useCardReading(onCard, step === 0 || step === 1);

  return (
    <div data-testid="intake-card-reading" style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
        <Typography.Text keyboard>F2</Typography.Text> {t.read.hint}
      </Typography.Text>
      {filled && (
        <Alert
          type={filled.expired ? 'warning' : 'success'}
          showIcon
          style={{ marginTop: 6 }}
          data-testid={filled.expired ? 'intake-card-expired' : 'intake-card-filled'}
          title={format(filled.expired ? t.read.filledExpired : t.read.filled, {
            name: filled.name,
            id: filled.idNumber,
            validTo: filled.validTo ?? t.longTerm,
          })}
        />
      )}
      <ErrorAlert error={readError} testId="intake-card-error" style={{ marginTop: 6 }} />
    </div>
  );
}
