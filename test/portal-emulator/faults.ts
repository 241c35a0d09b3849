/**
 * Fault injection: tests queue rules ("the next 3 requests to /api/v1/mutations fail with
 * 500") through `emulator.faults.add(...)` or `POST /__emulator/faults`. Each request to the
 * API takes the first matching rule with a count left.
 *
 * - `latency`: wait `ms` (default 1000) before handling.
 * - `error500`: answer 500 without handling.
 * - `error503`: answer 503 with `Retry-After` without handling.
 * - `rateLimit`: answer 429 with `Retry-After` (`retryAfter` seconds, default 1) without handling.
 * - `drop`: destroy the connection without handling; for an upload PATCH with `afterBytes`,
 *   keep the first `afterBytes` bytes of the body (the portal's offset advances) and then drop.
 * - `truncate`: handle, then send half of the body (with the full Content-Length) and close.
 * - `duplicate`: handle (apply), then drop the connection before the response, so the client
 *   resends the same request (a duplicated delivery; exactly-once must answer `duplicate`).
 * - `reject`: on `POST /api/v1/mutations` (give it that `path`; any other request it matches
 *   is handled as usual and uses it up): answer every mutation not seen before `rejected`
 *   (type `validation`, 422, "Refused by a portal rule", the mutation's field names as detail)
 *   without applying or recording it — a portal rule the client does not check. A mutation
 *   already recorded still answers `duplicate`.
 * - `stall`: handle, send the status and headers (with the full Content-Length), then nothing:
 *   the connection stays open until the client gives up.
 * - `drip`: handle, then send the body `bytes` bytes (default 4) every `ms` ms (default 1000) —
 *   a portal whose answer never quite stops arriving.
 * - `cursorLoop`: on `GET /api/v1/changes`, answer the real page after `since` but with
 *   `hasMore: true` and a cursor that ping-pongs between positions `1` and `2` (`2` when
 *   `since` is `1`, else `1`), so a client that only follows the cursor never stops.
 * - `oversize`: on `GET /api/v1/changes`, add a notice whose Kazakh title is `chars`
 *   characters long (default 50,000,000: a 50 MB answer); on `POST /api/v1/mutations`, handle
 *   (apply), then give every answer that is not `rejected` a `serverFields.lastName` of `chars`
 *   characters. Any other request it matches is handled as usual and uses it up.
 * - `redirect`: answer 307 with `Location: <location>` (default `https://portal.invalid` plus
 *   the request's path) without handling: a client must not follow it.
 * - `corrupt`: handle, then send the body with one byte replaced by `byte` (default 0xFF, never
 *   valid UTF-8): the first byte of the first `text` in the body (the middle byte when no
 *   `text` is given, or it is not in the body).
 * - `cursorBack`: on `GET /api/v1/changes`, answer the real page after `since` but with the
 *   cursor `cursor` (default `0`): a feed position behind the one the client stored.
 */
import { z } from 'zod';

export const FAULT_KINDS = [
  'latency',
  'error500',
  'error503',
  'rateLimit',
  'drop',
  'truncate',
  'duplicate',
  'reject',
  'stall',
  'drip',
  'cursorLoop',
  'oversize',
  'redirect',
  'corrupt',
  'cursorBack',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRule = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(1_000_000).default(1),
  /** A path prefix (`/api/v1/mutations`); any API path when omitted. */
  path: z.string().startsWith('/').optional(),
  method: z.string().min(1).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
  retryAfter: z.number().int().min(0).max(3600).optional(),
  afterBytes: z.number().int().min(0).optional(),
  /** `drip`: bytes per write. */
  bytes: z.number().int().min(1).max(1_000_000).optional(),
  /** `oversize`: length of the long string. */
  chars: z.number().int().min(1).max(100_000_000).optional(),
  /** `redirect`: where to. */
  location: z.string().max(2000).optional(),
  /** `corrupt`: the text whose first byte is replaced, and the byte put there. */
  text: z.string().min(1).max(1000).optional(),
  byte: z.number().int().min(0).max(255).optional(),
  /** `cursorBack`: the cursor to answer. */
  cursor: z.string().max(100).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;
export type FaultInput = z.input<typeof FaultRule>;

export class Faults {
  private rules: FaultRule[] = [];
  /** Faults applied so far, by kind (tests can check a fault really happened). */
  readonly fired: Record<FaultKind, number> = Object.fromEntries(
    FAULT_KINDS.map((k) => [k, 0]),
  ) as Record<FaultKind, number>;

  add(input: FaultInput): void {
    this.rules.push(FaultRule.parse(input));
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The rule for this request (its count decremented), if any. */
  take(method: string, path: string): FaultRule | undefined {
    const index = this.rules.findIndex(
      (r) =>
        (r.path === undefined || path.startsWith(r.path)) &&
        (r.method === undefined || r.method.toUpperCase() === method),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(index, 1);
    this.fired[rule.kind] += 1;
    return { ...rule };
  }
}
