import { useEffect } from 'react';
import { call } from '../../lib/api';

/** `input` too: text typed through a layout or input method may come without a `keydown`. */
const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * Locks after `minutes` without mouse or keyboard activity. The core enforces the same limit
 * on its side, so a renderer that stopped counting cannot keep the store open.
 *
 * The core counts only calls: a teacher typing a long form makes none. So, while there is
 * input, the window tells it with `auth.stillActive` — only on input (never from a timer), at
 * most once a minute (twice with a one-minute lock, so the core's time never runs out between).
 * A store the core has already locked answers `storeLocked`, which shows the lock screen.
 */
export function useIdleLock(minutes: number, lock: () => void): void {
  useEffect(() => {
    if (!minutes) return;
    const tellCoreEveryMs = Math.min(60_000, (minutes * 60_000) / 2);
    let toldCore = Date.now(); // the call that loaded the setting counted
    let timer = window.setTimeout(lock, minutes * 60_000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, minutes * 60_000);
      if (Date.now() - toldCore >= tellCoreEveryMs) {
        toldCore = Date.now();
        void call('auth.stillActive', undefined).catch(() => undefined);
      }
    };
    for (const event of ACTIVITY) window.addEventListener(event, restart, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, restart);
    };
  }, [minutes, lock]);
}
