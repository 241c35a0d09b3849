import { useEffect } from 'react';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks after `minutes` without mouse or keyboard activity. The core enforces the same limit
 * on its side, so a renderer that stopped counting cannot keep the store open.
 */
export function useIdleLock(minutes: number, lock: () => void): void {
  useEffect(() => {
    if (!minutes) return;
    let timer = window.setTimeout(lock, minutes * 60_000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, minutes * 60_000);
    };
    for (const event of ACTIVITY) window.addEventListener(event, restart, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, restart);
    };
  }, [minutes, lock]);
}
