import { createHash } from 'node:crypto';
import { t } from './i18n/index.js';

/** The input folder the pipeline owns: `incoming/<batch-id>/<file>`. */
export const INCOMING_PREFIX = 'incoming/';

/** Longest batch id accepted, in characters (S3 keys stop at 1024 bytes; output keys add to it). */
export const MAX_BATCH_ID_LENGTH = 200;

/** A key of the form `incoming/<batch-id>/<file>`, decoded. */
export interface IncomingKey {
  readonly batchId: string;
  readonly file: string;
}

/**
 * A key the pipeline does not take. `unsafe` keys (path tricks, control characters, keys
 * outside `incoming/`, over-long ids) deserve a warning: no uploader following the contract
 * produces them. The others (a nested folder, a folder placeholder) are simply not ours.
 */
export interface IgnoredKey {
  readonly ignored: string;
  readonly unsafe: boolean;
  /** The key as decoded, when it could be decoded. */
  readonly key?: string;
}

// C0 controls, DEL and C1 controls: nothing a person types into a folder name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Decodes an S3 event key the way S3 encodes it (`+` for a space, percent-encoded UTF-8).
 * Returns undefined for a malformed escape. Decoding comes before any split on `/`, because
 * moto encodes the slashes too (`incoming%2Flote%2Frentas.csv`).
 */
export function decodeEventKey(rawEventKey: string): string | undefined {
  try {
    return decodeURIComponent(rawEventKey.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Reads an S3 event key (still URL-encoded) as `incoming/<batch-id>/<file>`, exactly one
 * folder level deep. Anything else comes back as `{ ignored, unsafe }` with the reason.
 */
export function parseIncomingKey(rawEventKey: string): IncomingKey | IgnoredKey {
  const key = decodeEventKey(rawEventKey);
  if (key === undefined) return { ignored: t().uploadKeyIgnored.notUrlEncoded, unsafe: true };
  if (CONTROL.test(key)) return { ignored: t().uploadKeyIgnored.controlCharacters, unsafe: true, key };
  if (!key.startsWith(INCOMING_PREFIX)) return { ignored: t().uploadKeyIgnored.outsideIncoming, unsafe: true, key };

  const isFolder = key.endsWith('/');
  const segments = key.slice(INCOMING_PREFIX.length, isFolder ? -1 : undefined).split('/');
  if (segments.some((s) => s === '') && !(isFolder && key === INCOMING_PREFIX)) {
    return { ignored: t().uploadKeyIgnored.emptySegment, unsafe: true, key };
  }
  if (segments.some((s) => s === '.' || s === '..')) return { ignored: t().uploadKeyIgnored.dotSegment, unsafe: true, key };
  if (segments.some((s) => s.includes('\\'))) return { ignored: t().uploadKeyIgnored.backslash, unsafe: true, key };
  // The console's "Create folder" writes a placeholder such as `incoming/lote/`: not a file.
  if (isFolder) return { ignored: t().uploadKeyIgnored.folder, unsafe: false, key };
  if (segments.length === 1) return { ignored: t().uploadKeyIgnored.notInBatch, unsafe: false, key };
  if (segments.length > 2) return { ignored: t().uploadKeyIgnored.nested, unsafe: false, key };

  const [batchId, file] = segments;
  if ([...batchId].length > MAX_BATCH_ID_LENGTH) {
    return { ignored: t().uploadBatchIdTooLong({ max: MAX_BATCH_ID_LENGTH }), unsafe: true, key };
  }
  return { batchId, file };
}

/** Narrows a `parseIncomingKey` result. */
export function isIgnored(parsed: IncomingKey | IgnoredKey): parsed is IgnoredKey {
  return 'ignored' in parsed;
}

const JOB_NAME_PREFIX = 'rentas-';
const JOB_NAME_MAX = 128;
const HASH_LENGTH = 8;

/**
 * The AWS Batch job name of a batch: `rentas-<readable id>-<8 hex>`. Batch allows 1-128
 * letters, digits, `-` and `_`, so accents are stripped (NFD) and any other character becomes
 * `-`; the readable part is only a hint, and the sha256 suffix of the exact id keeps
 * `Mérida` and `Merida`, or `lote 1` and `lote-1`, apart.
 */
export function jobNameFor(batchId: string): string {
  const hash = createHash('sha256').update(batchId, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const room = JOB_NAME_MAX - JOB_NAME_PREFIX.length - 1 - HASH_LENGTH;
  const readable = batchId
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, room)
    .replace(/-+$/, '');
  return readable ? `${JOB_NAME_PREFIX}${readable}-${hash}` : `${JOB_NAME_PREFIX}${hash}`;
}
