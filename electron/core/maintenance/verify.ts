import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  openStore,
  type ReadableStore,
  type Store,
  storeHeaderIntact,
} from '../../../db/connection';
import { attachments } from '../../../db/schema';
import { verifyAuditChain } from '../audit/audit-log';
import { readAttachmentChunks, ATTACHMENTS_DIR } from '../vault/attachment-files';
import { STORE_FILE } from '../core-services';

export interface VerifyReport {
  /** Each names what is broken; empty means the store is sound. */
  problems: string[];
  /** Worth knowing, not broken: e.g. encrypted files no record refers to. */
  notes: string[];
}

const HEADER_PROBLEM = 'database file: its header was altered';
const PAGE_PROBLEM = 'database file: a page failed authentication (damaged or altered)';

/** SQLite integrity, the audit chain, and every attachment's authentication and hash. */
export function verifyOpenStore(store: ReadableStore, dataDir: string, key: Buffer): VerifyReport {
  const problems: string[] = [];
  const notes: string[] = [];
  if (!storeHeaderIntact(join(dataDir, STORE_FILE), key)) problems.push(HEADER_PROBLEM);
  try {
    const rows = store.sqlite.pragma('integrity_check') as { integrity_check: string }[];
    for (const { integrity_check: message } of rows) {
      if (message !== 'ok') problems.push(`database file: ${message}`);
    }
  } catch {
    problems.push(PAGE_PROBLEM);
    return { problems, notes };
  }
  try {
    problems.push(...verifyAuditChain(store));
    problems.push(...verifyAttachments(store, dataDir, notes));
  } catch {
    // integrity_check may name a damaged page in a row and still let a later read of it throw.
    if (!problems.some((problem) => problem.startsWith('database file:')))
      problems.push(PAGE_PROBLEM);
  }
  return { problems, notes };
}

/** Every attachment record's file decrypts and matches its hash; files without a record are noted. */
function verifyAttachments(store: ReadableStore, dataDir: string, notes: string[]): string[] {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const { id } of store.db.select({ id: attachments.id }).from(attachments).all()) {
    known.add(id);
    try {
      const chunks = readAttachmentChunks(store, dataDir, id);
      while (!chunks.next().done); // reading to the end is the check; nothing is kept
    } catch {
      problems.push(`attachment ${id}: damaged or missing`);
    }
  }
  const folder = join(dataDir, ATTACHMENTS_DIR);
  const orphans = existsSync(folder) ? readdirSync(folder).filter((name) => !known.has(name)) : [];
  if (orphans.length)
    notes.push(`${orphans.length} encrypted file(s) in attachments/ with no record`);
  return problems;
}

/** Opens the data folder's store with the DEK on its own connection and verifies it. */
export function verifyDataFolder(dataDir: string, dek: Buffer): VerifyReport {
  const path = join(dataDir, STORE_FILE);
  let store: Store;
  try {
    store = openStore({ path, key: dek });
  } catch {
    const header = storeHeaderIntact(path, dek) ? [] : [HEADER_PROBLEM];
    return {
      problems: [
        ...header,
        'database file: cannot be decrypted or is damaged (page authentication failed)',
      ],
      notes: [],
    };
  }
  try {
    return verifyOpenStore(store, dataDir, dek);
  } finally {
    store.close();
  }
}
