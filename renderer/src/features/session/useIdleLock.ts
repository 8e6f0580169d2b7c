import { useEffect } from 'react';
import { useSessionStore } from './store';

const TOUCH_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 1_000;
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'pointerdown', 'wheel', 'touchstart', 'input'] as const;

/**
 * Locks the screen after `minutes` without keyboard or pointer activity, and tells the core that
 * staff are still working (typing without saving makes no other call) at most once a minute.
 */
export function useIdleLock(minutes: number, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const { lock, touch } = useSessionStore.getState();
    let lastActivity = Date.now();
    let lastTouch = lastActivity;

    const onActivity = () => {
      const now = Date.now();
      lastActivity = now;
      if (now - lastTouch >= TOUCH_EVERY_MS) {
        lastTouch = now;
        void touch();
      }
    };
    const check = () => {
      if (Date.now() - lastActivity >= minutes * 60_000) void lock();
    };

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      clearInterval(timer);
    };
  }, [minutes, enabled]);
}
