import { closeSync, fsyncSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Pieces are handed to the kernel in batches of about this many bytes (one writev each). */
const WRITE_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Writes a file so that a crash leaves either the old or the new content, never a mix.
 * `data` may be a sequence of pieces (an encrypted attachment chunk by chunk): they are
 * written as they come, without first joining them into one buffer.
 */
export function writeFileAtomic(path: string, data: Buffer | string | Iterable<Buffer>): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writePieces(fd, typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
}

function writePieces(fd: number, data: Buffer | Iterable<Buffer>): void {
  const pieces = Buffer.isBuffer(data) ? [data] : data;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = () => {
    writeAll(fd, batch, batchBytes);
    batch = [];
    batchBytes = 0;
  };
  for (const piece of pieces) {
    batch.push(piece);
    batchBytes += piece.length;
    if (batchBytes >= WRITE_BATCH_BYTES) flush();
  }
  if (batchBytes) flush();
}

/** writev may write less than asked (large batches, signals): go on from where it stopped. */
function writeAll(fd: number, pieces: Buffer[], total: number): void {
  let written = writevSync(fd, pieces);
  while (written < total) {
    let skip = written;
    const rest: Buffer[] = [];
    for (const piece of pieces) {
      if (skip >= piece.length) skip -= piece.length;
      else {
        rest.push(piece.subarray(skip));
        skip = 0;
      }
    }
    pieces = rest;
    total -= written;
    written = writevSync(fd, pieces);
    if (written === 0) throw new Error('write made no progress');
  }
}

export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
