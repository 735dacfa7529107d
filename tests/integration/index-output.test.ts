import { readFileSync } from 'node:fs';
import { DescribeJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler, makeHandler } from '../../functions/index-output/index.js';
import { s3ObjectSource } from '../../functions/index-output/s3-object-source.js';
import { sqsNotificationSender, type Notification } from '../../functions/index-output/notifications.js';
import { buildManifest, rejection } from '../helpers/index-output-fixtures.js';
import {
  applyMotoEnv,
  connectBucketToQueue,
  createBatchQueue,
  createBucket,
  createQueue,
  describeE2E,
  motoClients,
  receiveS3EventRecords,
  useMoto,
  type MotoClients,
  type QueueRef,
} from '../helpers/moto.js';
import { receiveNotifications } from '../helpers/notification-schemas.js';

describeE2E('index-output against moto', () => {
  // Jobs fail at once, so a real FAILED job can be described and turned into the event.
  const moto = useMoto({ batchJobsFail: true });
  let clients: MotoClients;
  let bucket: string;
  let events: QueueRef;
  let notifications: QueueRef;
  let restoreEnv: () => void;

  beforeAll(async () => {
    clients = motoClients(moto());
    bucket = await createBucket(clients.s3, 'rentas-output');
    events = await createQueue(clients.sqs, 'output-events');
    notifications = await createQueue(clients.sqs, 'notifications');
    await connectBucketToQueue(clients.s3, clients.sqs, bucket, events);
    restoreEnv = applyMotoEnv({ ...moto().env, NOTIFICATIONS_QUEUE_URL: notifications.url });
  });

  afterAll(() => restoreEnv?.());

  /** Puts an object and returns the S3 event moto delivered for it, as Lambda would get it. */
  async function putAndCatchEvent(key: string, body: unknown): Promise<S3Event> {
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(body) }));
    return { Records: await receiveS3EventRecords(clients.sqs, events.url) };
  }

  const body = (m: Message): Notification => JSON.parse(m.Body!) as Notification;
  const attributes = (m: Message) => ({ type: m.MessageAttributes?.type?.StringValue, batchId: m.MessageAttributes?.batchId?.StringValue });

  it('announces a manifest as batch.succeeded plus one output.available per output', async () => {
    const batchId = 'lote 1 año';
    const manifest = buildManifest(batchId);
    const event = await putAndCatchEvent(`batches/${batchId}/manifest.json`, manifest);

    await expect(handler(event)).resolves.toEqual({ sent: 5, outcomes: ['indexed'] });
    const messages = await receiveNotifications(clients.sqs, notifications.url, { expected: 5 });

    expect(messages.map(attributes)).toEqual([
      { type: 'batch.succeeded', batchId },
      ...manifest.outputs.map(() => ({ type: 'output.available', batchId })),
    ]);
    const [summary, ...outputs] = messages.map(body);
    expect(summary).toMatchObject({
      type: 'batch.succeeded',
      batchId,
      status: 'succeeded',
      bucket,
      manifestKey: `batches/${batchId}/manifest.json`,
      totals: { rowsRead: 1260, rejected: 0 },
      topVehicle: { id_vehiculo: 7, marca: 'Nissan', modelo: 'Versa' },
      outputCount: 4,
    });
    expect(outputs).toEqual(
      manifest.outputs.map((o) =>
        expect.objectContaining({ type: 'output.available', batchId, bucket, key: o.path, bytes: o.bytes, sha256: o.sha256, kind: o.kind }),
      ),
    );
  });

  it('announces an .error.json as file.rejected with the error sentence and the input key', async () => {
    const event = await putAndCatchEvent('rejected/lote 2/rentas.csv.error.json', rejection('lote 2'));

    await handler(event);
    const [message] = await receiveNotifications(clients.sqs, notifications.url, { expected: 1 });

    expect(attributes(message)).toEqual({ type: 'file.rejected', batchId: 'lote 2' });
    expect(body(message)).toMatchObject({
      type: 'file.rejected',
      batchId: 'lote 2',
      key: 'incoming/lote 2/rentas.csv',
      error: 'rentas.csv line 1: missing required column costo_total.',
      errorBucket: bucket,
      errorKey: 'rejected/lote 2/rentas.csv.error.json',
    });
  });

  it('announces a failed Batch job as batch.failed with the BATCH_ID of the job', async () => {
    const setup = await createBatchQueue(moto(), clients.batch);
    const submitted = await clients.batch.send(
      new SubmitJobCommand({
        jobName: 'rentas-lote-3-1748786531',
        jobQueue: setup.jobQueueArn,
        jobDefinition: setup.jobDefinitionArn,
        containerOverrides: { environment: [{ name: 'BATCH_ID', value: 'lote 3 ñ' }] },
      }),
    );
    const [job] = (await clients.batch.send(new DescribeJobsCommand({ jobs: [submitted.jobId!] }))).jobs!;
    expect(job.status).toBe('FAILED');
    // EventBridge's detail is the DescribeJobs shape of the job.
    const event = { source: 'aws.batch', 'detail-type': 'Batch Job State Change', time: new Date().toISOString(), detail: job };

    await handler(event);
    const [message] = await receiveNotifications(clients.sqs, notifications.url, { expected: 1 });

    expect(attributes(message)).toEqual({ type: 'batch.failed', batchId: 'lote 3 ñ' });
    expect(body(message)).toMatchObject({ type: 'batch.failed', batchId: 'lote 3 ñ', jobId: submitted.jobId, jobName: 'rentas-lote-3-1748786531' });
  });

  it('handles the sam local event of a failed job (events/batch-job-failed.json)', async () => {
    const event = JSON.parse(readFileSync('events/batch-job-failed.json', 'utf8')) as unknown;

    await handler(event);
    const [message] = await receiveNotifications(clients.sqs, notifications.url, { expected: 1 });

    expect(body(message)).toMatchObject({
      type: 'batch.failed',
      batchId: '2025-06-01',
      jobId: '4c7599ae-0a82-49aa-ba5a-4727fcce14a8',
      statusReason: 'Essential container in task exited',
      exitCode: 75,
    });
  });

  it('skips a manifest deleted before it was read, without failing', async () => {
    const event = await putAndCatchEvent('batches/gone/manifest.json', buildManifest('gone'));
    await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'batches/gone/manifest.json' }));

    await expect(handler(event)).resolves.toEqual({ sent: 0, outcomes: ['skipped'] });
    expect(await receiveNotifications(clients.sqs, notifications.url, { timeoutMs: 1_500 })).toEqual([]);
  });

  it('lets a FIFO queue drop a re-delivered event by its deduplication id', async () => {
    const fifo = await createQueue(clients.sqs, 'notifications-dedupe', { fifo: true });
    const fifoHandler = makeHandler(() => ({ objects: s3ObjectSource(clients.s3), sender: sqsNotificationSender(clients.sqs, fifo.url) }));
    const event = await putAndCatchEvent('batches/lote 4/manifest.json', buildManifest('lote 4', { outputs: [] }));

    await fifoHandler(event);
    await fifoHandler(structuredClone(event));
    const messages = await receiveNotifications(clients.sqs, fifo.url, { timeoutMs: 2_000 });

    expect(messages).toHaveLength(1);
    expect(messages[0].Attributes?.MessageGroupId).toMatch(/^lote_4-[0-9a-f]{16}$/);
    expect(messages[0].Attributes?.MessageDeduplicationId).toBe(body(messages[0]).dedupeKey);
  });
});
