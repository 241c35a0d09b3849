/**
 * Blob uploads (tus 1.0 core): the scans and photos the pending changes point to, sent before
 * the changes themselves, resumed from the portal's offset after any failure.
 */
import { and, eq } from 'drizzle-orm';
import { attachments, syncOutbox, syncUploads, type RejectionReason } from '../../../db/schema';
import { readAttachment } from '../vault/attachment-files';
import type { SyncReport, SyncSteps } from './run';
import { SyncError, exchange, failureOf } from './transport';
import { PATHS, uploadMetadataFor } from './wire';

const TUS = { 'tus-resumable': '1.0.0' };

/** Every blob a pending change needs that the portal does not have yet. */
export async function uploadBlobs(steps: SyncSteps, report: SyncReport): Promise<void> {
  const { session } = steps;
  const wanted = steps.store.db
    .selectDistinct({ sha256: syncOutbox.blobSha256 })
    .from(syncOutbox)
    .where(and(eq(syncOutbox.status, 'pending')))
    .all()
    .map((r) => r.sha256)
    .filter((sha): sha is string => !!sha);
  for (const sha256 of wanted) {
    const head = await session.request(
      'HEAD',
      PATHS.blob(sha256),
      {},
      (s) => s === 200 || s === 404,
    );
    if (head.status === 200) continue;
    const attachment = steps.store.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.sha256, sha256))
      .get();
    if (!attachment) {
      rejectBlobMutations(steps, sha256, 'attachmentMissing', null);
      continue;
    }
    const { bytes } = readAttachment(steps.store, steps.options.dataDir, attachment.id);
    try {
      report.uploadedBytes += await uploadBlob(steps, sha256, bytes);
      report.uploadedBlobs++;
    } catch (error) {
      if (error instanceof SyncError && error.reason === 'blobMismatch') {
        rejectBlobMutations(steps, sha256, 'blobMismatch', error.problem);
        continue;
      }
      throw error;
    }
  }
}

/** Rejects here the changes waiting for a blob that cannot reach the portal. */
function rejectBlobMutations(
  steps: SyncSteps,
  sha256: string,
  reason: RejectionReason,
  problem: string | null,
): void {
  steps.store.db
    .update(syncOutbox)
    .set({ status: 'rejected', problem, rejectionReason: reason })
    .where(and(eq(syncOutbox.blobSha256, sha256), eq(syncOutbox.status, 'pending')))
    .run();
}

/**
 * tus 1.0 core: create (or resume) the upload, then PATCH from the portal's offset. Returns
 * the file's size (its bytes count once, however many chunks were sent again).
 */
export async function uploadBlob(steps: SyncSteps, sha256: string, bytes: Buffer): Promise<number> {
  const { session, options } = steps;
  const { db } = steps.store;
  let location = portalPath(
    db.select().from(syncUploads).where(eq(syncUploads.sha256, sha256)).get()?.location ?? null,
    session.connection()!.portalUrl,
  );
  let offset = 0;
  if (location) {
    const head = await session.request('HEAD', location, { headers: TUS }, (s) =>
      [200, 204, 404, 410].includes(s),
    );
    if (head.status === 404 || head.status === 410) location = null;
    else offset = Number(head.headers.get('upload-offset') ?? 0);
  }
  if (!location) {
    const created = await session.request('POST', PATHS.uploads, {
      headers: {
        ...TUS,
        'upload-length': String(bytes.length),
        'upload-metadata': uploadMetadataFor(sha256),
      },
    });
    location = portalPath(created.headers.get('location'), session.connection()!.portalUrl);
    if (!location) throw new SyncError('invalidResponse', created.status);
    db.insert(syncUploads)
      .values({ sha256, location, size: bytes.length, createdAt: options.now() })
      .onConflictDoUpdate({ target: syncUploads.sha256, set: { location } })
      .run();
    offset = 0;
  }
  steps.setPhase('uploading', { done: offset, total: bytes.length });
  let failures = 0;
  let refreshed = false;
  while (offset < bytes.length) {
    const chunk = bytes.subarray(offset, offset + options.chunkBytes);
    try {
      const patched = await exchange(
        session.transport(session.connection()!.portalUrl),
        'PATCH',
        location,
        {
          headers: {
            ...TUS,
            authorization: `Bearer ${session.connection()!.accessToken}`,
            'upload-offset': String(offset),
            'content-type': 'application/offset+octet-stream',
          },
          body: chunk,
        },
      );
      if (patched.status === 422) {
        db.delete(syncUploads).where(eq(syncUploads.sha256, sha256)).run();
        throw new SyncError('blobMismatch', 422, null, failureOf(patched).problem);
      }
      if (patched.status === 409) {
        // Our offset was stale (an earlier PATCH landed after all): ask where the portal is.
        const head = await session.request('HEAD', location, { headers: TUS });
        offset = Number(head.headers.get('upload-offset') ?? offset);
        if (++failures >= options.attempts) throw new SyncError('refused', 409);
        continue;
      }
      if (patched.status === 401) {
        // Refresh once; a portal that still refuses the new token is not asked forever.
        if (refreshed) throw new SyncError('unauthorized', 401);
        await session.refresh(session.connection()!);
        refreshed = true;
        continue;
      }
      if (patched.status !== 204 && patched.status !== 200) throw failureOf(patched);
      const next = Number(patched.headers.get('upload-offset'));
      if (!Number.isInteger(next) || next <= offset || next > bytes.length)
        throw new SyncError('invalidResponse', patched.status);
      offset = next;
      failures = 0;
      refreshed = false;
      steps.setPhase('uploading', { done: offset, total: bytes.length });
    } catch (error) {
      if (!(error instanceof SyncError) || !error.transient) throw error;
      if (++failures >= options.attempts) throw error;
      // Never sooner than the portal's Retry-After (a longer one ends the run instead).
      await session.waitToRetry(error, failures);
      // Where the portal stands now: continue from there, never from zero.
      const head = await session.request('HEAD', location, { headers: TUS });
      const reached = Number(head.headers.get('upload-offset') ?? offset);
      // A dropped connection that still moved the upload forward is progress, not a failure.
      if (reached > offset) failures = 0;
      offset = reached;
    }
  }
  db.delete(syncUploads).where(eq(syncUploads.sha256, sha256)).run();
  return bytes.length;
}

/**
 * An upload's `Location` as a path on the portal itself. The access token and the children's
 * documents go wherever it points, so an absolute URL to another origin (or plain HTTP) is
 * refused: null, which the caller treats as an invalid response.
 */
export function portalPath(location: string | null, portalUrl: string): string | null {
  if (!location) return null;
  let url: URL;
  try {
    url = new URL(location, portalUrl);
  } catch {
    return null;
  }
  return url.origin === new URL(portalUrl).origin ? `${url.pathname}${url.search}` : null;
}
