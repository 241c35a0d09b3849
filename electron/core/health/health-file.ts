import type { ReadableStore } from '../../../db/connection';
import { findPassport, healthRecordsOf } from './health-record';

/**
 * A child's whole health file as `health.get` shows it and the personal-data report prints it:
 * the passport (null before the first entry) and each list of records in date order. The
 * caller checks the child and audits the read.
 */
export function readHealthFile(store: ReadableStore, childId: string) {
  return { passport: findPassport(store, childId) ?? null, ...healthRecordsOf(store, childId) };
}
