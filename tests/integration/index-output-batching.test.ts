import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { expect, it } from 'vitest';
import { makeHandler } from '../../functions/index-output/index.js';
import { s3ObjectSource } from '../../functions/index-output/s3-object-source.js';
import { sqsNotificationSender, type Notification } from '../../functions/index-output/notifications.js';
import { buildManifest, output } from '../helpers/index-output-fixtures.js';
import {
  connectBucketToQueue,
  createBucket,
  createQueue,
  describeE2E,
  motoClients,
  receiveS3EventRecords,
  useMoto,
} from '../helpers/moto.js';
import { receiveNotifications } from '../helpers/notification-schemas.js';

// Counts, never times. 45 outputs make 46 notifications: four full SendMessageBatch calls and a
// partial one. The manifest of 1 000 outputs is `npm run bench -- --lambdas`, which prints the
// times and checks the same counts (moto slows down as the queue deepens, so it takes minutes).

const OUTPUTS = 45;
/** SendMessageBatch takes at most 10 entries. */
const SQS_BATCH_MAX = 10;

/** Records the entry count of every SendMessageBatch sent through `sqs` (one per `send`, SDK retries not included). */
function recordSendMessageBatch(sqs: SQSClient): number[] {
  const entries: number[] = [];
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') entries.push((args.input as { Entries?: unknown[] }).Entries?.length ?? 0);
      return next(args);
    },
    { step: 'initialize', name: 'recordSendMessageBatch' },
  );
  return entries;
}

describeE2E('index-output with a manifest of many outputs, against moto', () => {
  const moto = useMoto();

  it('sends one notification per output and one per batch in the fewest SendMessageBatch calls SQS allows, and every one arrives', async () => {
    const { s3, sqs } = motoClients(moto());
    const bucket = await createBucket(s3);
    const events = await createQueue(sqs);
    const notifications = await createQueue(sqs);
    await connectBucketToQueue(s3, sqs, bucket, events);
    const batchId = 'lote grande';
    const paths = Array.from({ length: OUTPUTS }, (_, i) => `batches/${batchId}/exports/part-${i}.csv`);
    const manifest = buildManifest(batchId, { outputs: paths.map((p) => output('aggregate', p)) });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `batches/${batchId}/manifest.json`, Body: JSON.stringify(manifest) }));
    const records = await receiveS3EventRecords(sqs, events.url);
    const calls = recordSendMessageBatch(sqs);
    const handler = makeHandler(() => ({ objects: s3ObjectSource(s3), sender: sqsNotificationSender(sqs, notifications.url) }));

    const result = await handler({ Records: records });

    expect(result).toEqual({ sent: OUTPUTS + 1, outcomes: ['indexed'] });
    expect(calls).toHaveLength(Math.ceil((OUTPUTS + 1) / SQS_BATCH_MAX));
    expect(calls.every((n) => n <= SQS_BATCH_MAX)).toBe(true);
    const arrived = (await receiveNotifications(sqs, notifications.url, { expected: OUTPUTS + 1, timeoutMs: 30_000 })).map(
      (m) => JSON.parse(m.Body!) as Notification,
    );
    expect(arrived).toHaveLength(OUTPUTS + 1);
    expect(new Set(arrived.map((n) => n.dedupeKey)).size).toBe(OUTPUTS + 1);
    expect(arrived.filter((n) => n.type === 'batch.succeeded')).toHaveLength(1);
    expect(arrived.filter((n) => n.type === 'output.available').map((n) => n.key).sort()).toEqual([...paths].sort());
  });
});
