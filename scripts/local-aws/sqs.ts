/**
 * Reading SQS queues of moto_server: messages until enough arrived or the time is up, and the
 * S3 event records of a queue fed by bucket notifications.
 *
 * ## moto quirks of SQS and S3 event records (moto 5.2, checked by tests/integration/moto-harness.test.ts)
 *
 * - **S3 event keys encode `/` as `%2F`.** moto builds `s3.object.key` with Python's
 *   `quote_plus`, so `incoming/lote 1/vehículos.csv` arrives as
 *   `incoming%2Flote+1%2Fveh%C3%ADculos.csv`; real S3 leaves the slashes alone
 *   (`incoming/lote+1/veh%C3%ADculos.csv`). Always decode the whole key first
 *   (`decodeURIComponent(key.replace(/\+/g, ' '))`) and split on `/` afterwards: code that
 *   splits the raw key works on AWS and breaks on moto.
 * - **S3 event records are thinner than AWS's**: no `sequencer`, `versionId`,
 *   `userIdentity`, `requestParameters` or `responseElements`; `eventTime` has no time zone
 *   (`2026-11-26T07:48:23.190164`, the server's local clock) where AWS writes
 *   `...T07:48:23.190Z`. `eTag` is unquoted, as on AWS.
 * - SQS `SendMessageBatch` only reports per-entry failures for an invalid `DelaySeconds`;
 *   any other invalid entry fails the whole call, so partial failures are tested with fakes.
 *   Entry Ids must match `^[\w-]{1,80}$`. FIFO queues honour MessageDeduplicationId (a
 *   re-sent message is dropped) and message attributes round-trip as on AWS.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';

export interface ReceiveOptions {
  /** Stop as soon as this many messages arrived. */
  expected?: number;
  /** Give up (returning what arrived) after this long. Default 5 s. */
  timeoutMs?: number;
}

/**
 * Receives (and deletes) messages until `expected` arrived or the time is up, with message
 * attributes and system attributes. Returns them in arrival order.
 */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, opts: ReceiveOptions = {}): Promise<Message[]> {
  const expected = opts.expected ?? Number.POSITIVE_INFINITY;
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  const out: Message[] = [];
  while (out.length < expected && Date.now() < deadline) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const batch = res.Messages ?? [];
    if (batch.length === 0) continue;
    out.push(...batch);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return out;
}

/**
 * Reads S3 event records from a queue fed by `connectBucketToQueue` until `expected` records
 * arrived (default 1) or the time is up. Test events are dropped; messages are deleted.
 */
export async function receiveS3EventRecords(
  sqs: SQSClient,
  queueUrl: string,
  opts: ReceiveOptions = {},
): Promise<S3EventRecord[]> {
  const expected = opts.expected ?? 1;
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  const records: S3EventRecord[] = [];
  while (records.length < expected && Date.now() < deadline) {
    const messages = await receiveMessages(sqs, queueUrl, { expected: 1, timeoutMs: Math.max(0, deadline - Date.now()) });
    for (const m of messages) {
      const body = JSON.parse(m.Body ?? '{}') as { Records?: S3EventRecord[]; Event?: string };
      if (body.Event === 's3:TestEvent') continue;
      records.push(...(body.Records ?? []));
    }
  }
  return records;
}
