import type { S3EventRecord } from 'aws-lambda';
import { decodeEventKey } from '../../common/keys.js';
import type { Notification, NotificationSender, NotificationType } from './notifications.js';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import {
  batchFailedNotification,
  batchIdOfJob,
  isObject,
  isoTime,
  manifestNotifications,
  rejectedNotification,
  type BatchJobStateChange,
} from './messages.js';

/** Manifests and error files are small; anything above this is refused rather than buffered. */
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024;

/** An object as read from the store. `eTag` unquoted. */
export interface StoredObject {
  body: AsyncIterable<Uint8Array>;
  eTag?: string;
  contentLength?: number;
}

/** Port: reads an object; `undefined` when it does not exist (any more). */
export interface ObjectSource {
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
}

export interface IndexerPorts {
  objects: ObjectSource;
  sender: NotificationSender;
  now?: () => Date;
  maxObjectBytes?: number;
}

export type SkipReason = 'object-missing' | 'not-an-output-key' | 'not-a-creation' | 'job-not-failed' | 'unrecognized-event' | 'malformed-record';

/** What happened to one S3 record or one Batch event. */
export type RecordOutcome = { batchId?: string; bucket?: string; key?: string } & (
  | { kind: 'indexed'; types: NotificationType[] }
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'failed'; error: EtlError }
);

export interface IndexResult {
  /** Every notification sent, in sending order. */
  sent: Notification[];
  /** One per S3 record (in event order), or one for a Batch event. */
  outcomes: RecordOutcome[];
}

interface Planned {
  outcome: RecordOutcome;
  messages: Notification[];
}

const MANIFEST_KEY = /^batches\/([^/]+)\/manifest\.json$/;
const ERROR_KEY = /^rejected\/([^/]+)\/[^/]+\.error\.json$/;

/**
 * Turns an S3 event (manifests and `.error.json` files of the output bucket) or an
 * EventBridge "Batch Job State Change" event into notifications, and sends them all in one
 * go. Every record is handled: a record whose object is gone is skipped; one that cannot be
 * read or parsed is reported as `failed` in the result while the others are still sent, so
 * the caller can throw afterwards (throwIfRecordsFailed) and Lambda keeps the event.
 * Throws NotificationDeliveryError when the sender cannot deliver.
 */
export async function indexEvent(event: unknown, ports: IndexerPorts): Promise<IndexResult> {
  const now = ports.now ?? (() => new Date());
  const planned: Planned[] = [];
  if (isS3Event(event)) {
    for (const record of event.Records) {
      // A record without the fields of one never succeeds on a retry: skipped (and logged),
      // and the other records of the event are indexed.
      planned.push(wellFormed(record) ? await planS3Record(record, ports, now()) : { outcome: { kind: 'skipped', reason: 'malformed-record' }, messages: [] });
    }
  } else if (isBatchJobEvent(event)) {
    planned.push(planBatchJob(event, now()));
  } else {
    planned.push({ outcome: { kind: 'skipped', reason: 'unrecognized-event' }, messages: [] });
  }

  const sent = planned.flatMap((p) => p.messages);
  await ports.sender.send(sent);
  return { sent, outcomes: planned.map((p) => p.outcome) };
}

/** Throws one EtlError (RECORDS_FAILED) naming every record that failed, if any did. */
export function throwIfRecordsFailed(result: IndexResult): void {
  const failed = result.outcomes.flatMap((o) => (o.kind === 'failed' ? [o] : []));
  if (failed.length === 0) return;
  const errors = failed.map((f) => f.error.message).join(' ');
  throw new EtlError(ErrorCode.RECORDS_FAILED, t().indexRecordsFailed({ failed: failed.length, errors }), {}, { cause: failed[0].error });
}

async function planS3Record(record: S3EventRecord, ports: IndexerPorts, now: Date): Promise<Planned> {
  const bucket = record.s3.bucket.name;
  const skip = (reason: SkipReason, place: { bucket: string; key: string; batchId?: string }): Planned => ({
    outcome: { ...place, kind: 'skipped', reason },
    messages: [],
  });
  // Decoded before matching: S3 writes spaces as `+`, and moto encodes the slashes too.
  const key = decodeEventKey(record.s3.object.key);
  if (key === undefined) return skip('not-an-output-key', { bucket, key: record.s3.object.key });
  const manifestBatch = MANIFEST_KEY.exec(key)?.[1];
  const errorBatch = ERROR_KEY.exec(key)?.[1];
  const batchId = manifestBatch ?? errorBatch;
  const place = { bucket, key, batchId };
  if (batchId === undefined) return skip('not-an-output-key', place);
  if (!record.eventName.startsWith('ObjectCreated')) return skip('not-a-creation', place);

  try {
    const object = await readObject(ports.objects, bucket, key);
    if (!object) return skip('object-missing', place);
    const json = await readJson(object, ports.maxObjectBytes ?? MAX_OBJECT_BYTES, bucket, key);
    // The ETag of what was read, not of the event: two events racing over one rewritten
    // object then produce the same dedupe key for the same content.
    const ctx = { bucket, key, batchId, eTag: object.eTag ?? record.s3.object.eTag, occurredAt: isoTime(record.eventTime, now) };
    const messages = manifestBatch !== undefined ? manifestNotifications(json, ctx) : [rejectedNotification(json, ctx)];
    const types = [...new Set(messages.map((m) => m.type))];
    return { outcome: { ...place, batchId: messages[0].batchId, kind: 'indexed', types }, messages };
  } catch (err) {
    if (!(err instanceof EtlError)) throw err;
    return { outcome: { ...place, kind: 'failed', error: err }, messages: [] };
  }
}

async function readObject(objects: ObjectSource, bucket: string, key: string): Promise<StoredObject | undefined> {
  try {
    return await objects.get(bucket, key);
  } catch (err) {
    const reason = (err as Error).name ?? 'Error';
    throw new EtlError(ErrorCode.OBJECT_UNREADABLE, t().indexObjectUnreadable({ place: `s3://${bucket}/${key}`, reason }), { bucket, key }, { cause: err });
  }
}

/** Buffers a small object and parses it as JSON, refusing it above `maxBytes`. */
export async function readJson(object: StoredObject, maxBytes: number, bucket: string, key: string): Promise<unknown> {
  const tooLarge = (): EtlError =>
    new EtlError(ErrorCode.OBJECT_TOO_LARGE, t().indexObjectTooLarge({ place: `s3://${bucket}/${key}`, max: maxBytes }), { bucket, key });
  if (object.contentLength !== undefined && object.contentLength > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of object.body) {
    total += chunk.byteLength;
    // Leaving the loop destroys the stream, so the rest is never downloaded.
    if (total > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    throw new EtlError(ErrorCode.OBJECT_NOT_JSON, t().indexObjectNotJson({ place: `s3://${bucket}/${key}`, reason }), { bucket, key }, { cause: err });
  }
}

function planBatchJob(event: BatchJobStateChange, now: Date): Planned {
  if (event.detail.status !== 'FAILED') {
    return { outcome: { kind: 'skipped', reason: 'job-not-failed', batchId: batchIdOfJob(event.detail) }, messages: [] };
  }
  const message = batchFailedNotification(event, isoTime(event.time, now));
  return { outcome: { kind: 'indexed', types: ['batch.failed'], batchId: message.batchId }, messages: [message] };
}

function isS3Event(event: unknown): event is { Records: unknown[] } {
  return isObject(event) && Array.isArray(event.Records) && event.Records.some((r) => isObject(r) && isObject(r.s3));
}

/** An S3 record with what indexing reads: the bucket name, the object key and the event name. */
function wellFormed(record: unknown): record is S3EventRecord {
  return (
    isObject(record) &&
    typeof record.eventName === 'string' &&
    isObject(record.s3) &&
    isObject(record.s3.bucket) &&
    typeof record.s3.bucket.name === 'string' &&
    isObject(record.s3.object) &&
    typeof record.s3.object.key === 'string'
  );
}

function isBatchJobEvent(event: unknown): event is BatchJobStateChange {
  return (
    isObject(event) &&
    event.source === 'aws.batch' &&
    event['detail-type'] === 'Batch Job State Change' &&
    isObject(event.detail) &&
    typeof event.detail.jobId === 'string' &&
    typeof event.detail.jobName === 'string'
  );
}
