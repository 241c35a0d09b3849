/**
 * Enrolment: this device's connection to the portal, made with a code the portal operator
 * issued (PORTAL-SYNC.md). The connection row holds the portal's address and the tokens.
 */
import type { Store } from '../../../db/connection';
import { syncConnection, syncState } from '../../../db/schema';
import { SyncError, exchange, expectOk, parseBody, type PortalSession } from './transport';
import { EnrollResponse, PATHS } from './wire';

export interface EnrolmentInput {
  portalUrl: string;
  organizationBin: string;
  enrollmentCode: string;
  deviceName: string;
  /** Wraps the write (the core passes its audited transaction). */
  transact?: (write: () => void) => void;
}

/** Enrols this device; a new enrolment starts the change feed from the beginning. */
export async function enroll(
  store: Store,
  session: PortalSession,
  clock: () => string,
  input: EnrolmentInput,
): Promise<{ deviceId: string }> {
  const baseUrl = normalizePortalUrl(input.portalUrl);
  const response = await session.withRetries(() =>
    exchange(session.transport(baseUrl), 'POST', PATHS.enroll, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organizationBin: input.organizationBin,
        enrollmentCode: input.enrollmentCode,
        deviceName: input.deviceName,
      }),
    }).then(expectOk),
  );
  const tokens = parseBody(EnrollResponse, response);
  const now = clock();
  const values = {
    portalUrl: baseUrl,
    organizationBin: input.organizationBin,
    deviceId: tokens.deviceId,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: new Date(Date.parse(now) + tokens.expiresIn * 1000).toISOString(),
    enrolledAt: now,
  };
  const { sqlite, db } = store;
  const transact = input.transact ?? ((write: () => void) => sqlite.transaction(write)());
  transact(() => {
    db.insert(syncConnection)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: syncConnection.id, set: values })
      .run();
    // A new enrolment starts the feed from the beginning; applying is idempotent anyway.
    db.insert(syncState)
      .values({ id: 1, cursor: null })
      .onConflictDoUpdate({ target: syncState.id, set: { cursor: null } })
      .run();
  });
  return { deviceId: tokens.deviceId };
}

/** HTTPS, or plain HTTP to loopback only (PORTAL-SYNC.md). */
export function normalizePortalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncError('refused');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new SyncError('refused');
  return url.origin;
}
