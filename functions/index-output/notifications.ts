import { createHash } from 'node:crypto';
import {
  SendMessageBatchCommand,
  type BatchResultErrorEntry,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import { retry, sleepFor } from '../../common/retry.js';
import { boundNotification, messageAttributes, messageBytes } from './bound.js';

/** What a notification says happened (contract section 5). */
export const NOTIFICATION_TYPES = ['batch.succeeded', 'batch.partial', 'batch.failed', 'file.rejected', 'output.available'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** One SQS message body. The fields beyond the four common ones depend on `type`. */
export interface Notification {
  type: NotificationType;
  batchId: string;
  /** Stable across re-deliveries of the same event: consumers drop messages they have seen. */
  dedupeKey: string;
  occurredAt: string;
  [k: string]: unknown;
}

/** Port: delivers notifications, all or nothing (it throws when some could not be sent). */
export interface NotificationSender {
  send(messages: Notification[]): Promise<void>;
}

/**
 * A stable dedupe key: sha256 (hex) of the parts that identify one fact, e.g. type, batchId,
 * object key and its checksum/ETag. The same event delivered twice gives the same key.
 */
export function makeDedupeKey(...parts: Array<string | number | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000'))
    .digest('hex');
}

/** The subset of SQSClient the sender uses, so tests can pass a fake. */
export interface SqsBatchClient {
  send(command: SendMessageBatchCommand): Promise<Pick<SendMessageBatchCommandOutput, 'Successful' | 'Failed'>>;
}

export interface SqsSenderOptions {
  /** Attempts per message, the first included. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. Default 200 ms. */
  baseDelayMs?: number;
  /** Cap on one retry delay. Default 5 s. */
  maxDelayMs?: number;
  /** Total message bytes (bodies and attributes) per SendMessageBatch call. Default 256 KiB (the classic SQS limit). */
  maxBatchBytes?: number;
  /** SendMessageBatch calls in flight at once on a standard queue. Default 4; FIFO queues send one at a time to keep order. */
  concurrency?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface FailedNotification {
  type: NotificationType;
  batchId: string;
  dedupeKey: string;
  code?: string;
  message?: string;
  senderFault?: boolean;
}

/** Some notifications could not be delivered after all attempts. */
export class NotificationDeliveryError extends EtlError {
  readonly failed: FailedNotification[];

  constructor(failed: FailedNotification[], attempts: number, options?: { cause?: unknown }) {
    const listed = failed
      .slice(0, 10)
      .map((f) => `${f.type} ${JSON.stringify(f.batchId)} (${f.code ?? 'error'}: ${f.message ?? t().indexDeliveryNoMessage})`)
      .join('; ');
    const more = Math.max(0, failed.length - 10);
    super(ErrorCode.NOTIFICATION_DELIVERY_FAILED, t().indexDeliveryFailed({ failed: failed.length, attempts, listed, more }), {}, options);
    this.name = 'NotificationDeliveryError';
    this.failed = failed;
  }
}

const SQS_BATCH_MAX = 10;
// MessageGroupId / MessageDeduplicationId: at most 128 printable ASCII characters, no space.
const SQS_ID = /^[\x21-\x7e]{1,128}$/;

/** FIFO queue URLs end in `.fifo`. */
export function isFifoQueue(queueUrl: string): boolean {
  return queueUrl.endsWith('.fifo');
}

/**
 * A value SQS accepts as MessageGroupId / MessageDeduplicationId. A batch id may hold spaces
 * and accented letters, which SQS refuses: those are replaced by `_` and a short hash of
 * the original is appended so two ids that differ only there stay apart.
 */
export function sqsSafeId(value: string): string {
  if (SQS_ID.test(value)) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 16);
  const readable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, 128 - hash.length - 1);
  return `${readable}-${hash}`;
}

interface Prepared {
  message: Notification;
  body: string;
  /** Body plus attributes, as SQS counts them. */
  bytes: number;
}

function toEntry({ message, body }: Prepared, id: string, fifo: boolean): SendMessageBatchRequestEntry {
  const { type, batchId } = messageAttributes(message);
  return {
    Id: id,
    MessageBody: body,
    MessageAttributes: {
      type: { DataType: 'String', StringValue: type },
      batchId: { DataType: 'String', StringValue: batchId },
    },
    ...(fifo ? { MessageGroupId: sqsSafeId(batchId), MessageDeduplicationId: sqsSafeId(message.dedupeKey) } : {}),
  };
}

/** Splits messages into SendMessageBatch calls: at most 10 entries and `maxBytes` of messages (bodies and attributes) each. */
function groups(messages: Prepared[], maxBytes: number): Prepared[][] {
  const out: Prepared[][] = [];
  let current: Prepared[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = m.bytes;
    if (current.length === SQS_BATCH_MAX || (current.length > 0 && bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Sends notifications to an SQS queue with SendMessageBatch, 10 at a time. Entries that fail
 * for a server-side reason are retried with exponential backoff and jitter; entries the
 * queue refused (sender fault) are not retried. If anything is still unsent at the end, it
 * throws a NotificationDeliveryError listing it, so Lambda retries the event (the dedupe
 * keys let consumers drop what was already delivered). FIFO queues get MessageGroupId =
 * batchId (one batch's messages stay in order) and MessageDeduplicationId = dedupeKey.
 */
export function sqsNotificationSender(client: SqsBatchClient, queueUrl: string, opts: SqsSenderOptions = {}): NotificationSender {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const backoff = { baseDelayMs: opts.baseDelayMs ?? 200, maxDelayMs: opts.maxDelayMs ?? 5_000, sleep: opts.sleep ?? sleepFor, random: opts.random ?? Math.random };
  const maxBatchBytes = opts.maxBatchBytes ?? 256 * 1024;
  const fifo = isFifoQueue(queueUrl);
  const concurrency = fifo ? 1 : Math.max(1, opts.concurrency ?? 4);

  /** Sends one group, retrying what failed on the server side; returns what is still unsent. */
  async function sendGroup(group: Prepared[]): Promise<{ failed: FailedNotification[]; cause?: unknown }> {
    // Entry Ids need only be unique within one call.
    const byId = new Map(group.map((p, i) => [`m${i}`, p.message]));
    let pending = group.map((p, i) => toEntry(p, `m${i}`, fifo));
    const refused: FailedNotification[] = [];
    const attempt = async (n: number): Promise<void> => {
      const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const errors = new Map((result.Failed ?? []).map((f) => [f.Id, f]));
      for (const f of errors.values()) if (f.SenderFault) refused.push(describeFailure(byId, f));
      pending = pending.filter((entry) => {
        const failure = errors.get(entry.Id);
        return failure !== undefined && !failure.SenderFault;
      });
      if (pending.length > 0) throw new NotificationDeliveryError(pending.map((entry) => describeFailure(byId, errors.get(entry.Id)!)), n);
    };
    try {
      // Only the entries SQS failed on its side are retried; a call that throws has been
      // retried by the SDK already (throttling, 5xx).
      await retry(attempt, { ...backoff, attempts: maxAttempts, retryIf: (e) => e instanceof NotificationDeliveryError });
      return { failed: refused };
    } catch (err) {
      if (err instanceof NotificationDeliveryError) return { failed: [...refused, ...err.failed] };
      // Give up on this group, but let the caller go on with the others.
      const e = err as { name?: string; message?: string };
      const failed = pending.map((entry) => ({ ...identify(byId.get(entry.Id!)), code: e.name, message: e.message }));
      return { failed: [...refused, ...failed], cause: err };
    }
  }

  return {
    async send(messages: Notification[]): Promise<void> {
      const failed: FailedNotification[] = [];
      let cause: unknown;
      // The builders bound their messages already; this keeps any other caller within 64 KiB too.
      const prepared = messages.map((original) => {
        const message = boundNotification(original);
        return { message, body: JSON.stringify(message), bytes: messageBytes(message) };
      });
      // A few calls in flight: a manifest with many outputs costs round trips, not bandwidth.
      const queue = [...groups(prepared, maxBatchBytes)];
      const lane = async () => {
        for (let group = queue.shift(); group; group = queue.shift()) {
          const outcome = await sendGroup(group);
          failed.push(...outcome.failed);
          cause ??= outcome.cause;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      if (failed.length > 0) throw new NotificationDeliveryError(failed, maxAttempts, cause === undefined ? undefined : { cause });
    },
  };
}

function identify(m: Notification | undefined): Pick<FailedNotification, 'type' | 'batchId' | 'dedupeKey'> {
  return { type: m?.type ?? ('unknown' as NotificationType), batchId: m?.batchId ?? '', dedupeKey: m?.dedupeKey ?? '' };
}

function describeFailure(byId: Map<string, Notification>, f: Partial<BatchResultErrorEntry>): FailedNotification {
  return { ...identify(byId.get(f.Id ?? '')), code: f.Code, message: f.Message, senderFault: f.SenderFault };
}
