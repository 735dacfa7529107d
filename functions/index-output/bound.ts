/**
 * The size bound of a notification (contract section 5): no message exceeds 64 KiB, body
 * and attributes together, as SQS counts them. Long texts (error sentences, reasons, header
 * name lists) are cut on UTF-8 boundaries and end in a marker that names the S3 object
 * holding the full text; a `batch.failed` from a Batch job points to no object, so its
 * marker only says how much was cut. Pure functions: no I/O.
 */
import { t } from '../../common/i18n/index.js';
import type { Notification } from './notifications.js';

export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The SQS message attributes of a notification, for filtering. */
export function messageAttributes(message: Pick<Notification, 'type' | 'batchId'>): { type: string; batchId: string } {
  return { type: message.type, batchId: message.batchId || '-' };
}

/**
 * The size SQS counts for a message: the UTF-8 bytes of the JSON body plus, per attribute,
 * the bytes of its name, its data type (`String`) and its value.
 */
export function messageBytes(message: Notification): number {
  let bytes = Buffer.byteLength(JSON.stringify(message));
  for (const [name, value] of Object.entries(messageAttributes(message))) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
  }
  return bytes;
}

/**
 * The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends on a character
 * boundary, and the bytes left out.
 */
export function utf8Prefix(text: string, maxBytes: number): { text: string; cutBytes: number } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, cutBytes: 0 };
  let end = Math.max(0, maxBytes);
  // Back off continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), cutBytes: bytes.length - end };
}

/** A field holding a long text or a list of texts, by its path in the message. */
interface Slot {
  path: string[];
  list: boolean;
}

function slotsOf(m: Notification): Slot[] {
  const text = (...path: string[]): Slot => ({ path, list: false });
  switch (m.type) {
    case 'file.rejected':
      return [text('error'), text('file'), text('key'), { path: ['expected'], list: true }, { path: ['found'], list: true }];
    case 'output.available':
      return [];
    default: {
      if (typeof m.jobId === 'string') return [text('statusReason'), text('reason'), text('jobName'), text('logStreamName')];
      const tables = typeof m.tables === 'object' && m.tables !== null ? Object.keys(m.tables) : [];
      return [text('error'), ...tables.map((t) => text('tables', t, 'error')), text('topVehicle', 'marca'), text('topVehicle', 'modelo')];
    }
  }
}

/** The key of the S3 object that holds the full texts of a message, if any. */
function fullTextKey(m: Notification): string | undefined {
  if (m.type === 'file.rejected' && typeof m.errorKey === 'string') return m.errorKey;
  if (typeof m.manifestKey === 'string') return m.manifestKey;
  return undefined;
}


/** Reads and writes a value at a path of plain objects. */
function at(root: Record<string, unknown>, path: string[]): { get(): unknown; set(v: unknown): void } | undefined {
  let node: unknown = root;
  for (const p of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[p];
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const parent = node as Record<string, unknown>;
  const last = path[path.length - 1];
  return { get: () => parent[last], set: (v) => (parent[last] = v) };
}

/** The message with every text of its slots cut to at most `budget` bytes (plus the marker). */
function cutTo(m: Notification, slots: Slot[], budget: number, where: string | undefined): Notification {
  const copy = structuredClone(m);
  for (const slot of slots) {
    const field = at(copy, slot.path);
    const value = field?.get();
    if (!field) continue;
    if (!slot.list && typeof value === 'string') {
      const { text, cutBytes } = utf8Prefix(value, budget);
      if (cutBytes > 0) field.set(`${text}${t().indexCutBytes({ bytes: cutBytes, where })}`);
    } else if (slot.list && Array.isArray(value)) {
      // Whole items while they fit, then one marker item saying how many were left out.
      const kept: unknown[] = [];
      let used = 0;
      for (const item of value) {
        const size = Buffer.byteLength(JSON.stringify(item)) + 1;
        if (used + size > budget) break;
        kept.push(item);
        used += size;
      }
      if (kept.length < value.length) field.set([...kept, t().indexCutItems({ left: value.length - kept.length, total: value.length, where })]);
    }
  }
  return copy;
}

/**
 * The message itself when it fits in `maxBytes`; else a copy whose long texts are cut to
 * the largest common length that fits. If even the markers alone do not fit (fields with
 * no text to cut are too long), the shortest form is returned and SQS refuses it.
 */
export function boundNotification(message: Notification, maxBytes = MAX_MESSAGE_BYTES): Notification {
  if (messageBytes(message) <= maxBytes) return message;
  const slots = slotsOf(message);
  const where = fullTextKey(message);
  let lo = 0;
  let hi = maxBytes;
  let best = cutTo(message, slots, 0, where);
  // The largest budget whose cut message fits: each text keeps as much as the others allow.
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const candidate = cutTo(message, slots, mid, where);
    if (messageBytes(candidate) <= maxBytes) {
      best = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}
