import { createContext, useContext } from 'react';
import type { Session } from '../../../electron/core/api';

export interface SessionState {
  session: Session;
  /** Signs out and shows the lock screen for this user. */
  lock(): void;
  signOut(): void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside a signed-in layout');
  return state;
}
