import { useEffect, useRef } from 'react';
import type { IdCard } from '../../../../shared/contract';
import { useCardReaderStore } from './store';

const POLL_MS = 800;

/**
 * F2 reads the card on the reader into whatever `onCard` fills; while `watching` (a person section is open) a
 * card laid on the reader is read by itself, once per placement. The reader's status is loaded on first use.
 */
export function useCardReading(onCard: (card: IdCard) => void, watching: boolean): void {
  const latest = useRef(onCard);
  useEffect(() => {
    latest.current = onCard;
  }, [onCard]);

  useEffect(() => {
    if (useCardReaderStore.getState().status === null) void useCardReaderStore.getState().load();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F2' || e.repeat) return;
      e.preventDefault();
      void useCardReaderStore
        .getState()
        .read()
        .then((card) => card && latest.current(card));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!watching) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const card = await useCardReaderStore.getState().poll();
      if (stopped) return;
      if (card) latest.current(card);
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    timer = setTimeout(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [watching]);
}
