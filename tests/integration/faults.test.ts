import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListJobsCommand, type JobStatus } from '@aws-sdk/client-batch';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeHandler, portsFromEnv as indexerPorts } from '../../functions/index-output/index.js';
import { jobNameFor } from '../../common/keys.js';
import type { Notification } from '../../functions/index-output/notifications.js';
import { createHandler, portsFromEnv as uploadPorts } from '../../functions/validate-upload/index.js';
import type { RecordSummary } from '../../functions/validate-upload/validate-upload.js';
import { createLocalStack, dropBatch, settle } from '../../scripts/local-aws/pipeline.js';
import { BASE_BATCH, HEADERS, tempDir, writeBatch } from '../helpers/etl.js';
import { Faults, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { buildManifest, s3Event, s3Record } from '../helpers/index-output-fixtures.js';
import { runJob, uploadBatch, type JobRun } from '../helpers/job.js';
import { useLogLines } from '../helpers/log-lines.js';
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
} from '../helpers/moto.js';
import { expectValidNotifications, receiveNotifications } from '../helpers/notification-schemas.js';

// A batch is followed through the handlers' log lines: they log at INFO here, held back from the output.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'INFO';
});

const JOB_STATUSES: JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];

/** A path regex for one S3 object (or prefix) of a path-style request, query allowed after it. */
const object = (bucket: string, keyPrefix: string) => new RegExp(`^/${bucket}/${keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
/** A ListObjectsV2 request on a bucket. */
const listing = (bucket: string) => new RegExp(`^/${bucket}/?\\?(.*&)?list-type=2`);

function rentals(first: number, count: number): Record<string, string> {
  const rows = Array.from({ length: count }, (_, i) => `${first + i},${1 + (i % 2)},1,2,${1 + (i % 2)},2024-04-${String(1 + (i % 28)).padStart(2, '0')} 10:00,2024-04-${String(1 + (i % 28)).padStart(2, '0')} 18:00,650`);
  return { 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` };
}

const errorLines = (run: Pick<JobRun, 'logs'>) => run.logs.filter((l) => l.level === 'ERROR');

describeE2E('the pipeline under S3 and SQS faults (a fault proxy in front of moto)', () => {
  const moto = useMoto();
  const handlerLogs = useLogLines();
  let clients: MotoClients;
  let s3: S3Client;
  let proxy: FaultProxy;
  let input: string;
  let output: string;
  let nextId = 5_000;
  /** Faults injected over the whole suite, per kind, and per test for the report. */
  const tally: Record<string, number> = {};
  const perTest: string[] = [];

  beforeAll(async () => {
    clients = motoClients(moto());
    s3 = clients.s3;
    proxy = await startFaultProxy(moto());
    input = await createBucket(s3);
    output = await createBucket(s3);
    // The warehouse holds BASE_BATCH from an earlier job, run without faults.
    await uploadBatch(s3, input, 'base', BASE_BATCH);
    const seeded = await runJob({ ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, BATCH_ID: 'base', WORK_DIR: tempDir() });
    expect(seeded.status, seeded.stdout + seeded.stderr).toBe(0);
  });

  afterEach((context) => {
    const counts = proxy.counts();
    for (const [kind, n] of Object.entries(counts)) tally[kind] = (tally[kind] ?? 0) + n;
    if (Object.keys(counts).length > 0) perTest.push(`  ${context.task.name}\n    ${JSON.stringify(counts)}`);
    proxy.clearRules();
    proxy.resetHistory();
  });

  afterAll(async () => {
    console.info(`faults injected per test:\n${perTest.join('\n')}\nfaults injected in all: ${JSON.stringify(tally)}`);
    await proxy?.close();
  });

  const jobEnv = (batchId: string, over: Record<string, string> = {}) => ({ ...proxy.env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, BATCH_ID: batchId, WORK_DIR: tempDir(), ...over });

  async function getText(key: string, bucket = output): Promise<string> {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return res.Body!.transformToString();
  }

  async function warehouseRentals(): Promise<number> {
    const res = await s3.send(new GetObjectCommand({ Bucket: output, Key: 'warehouse/rentas.db' }));
    const path = join(tempDir(), 'w.db');
    writeFileSync(path, await res.Body!.transformToByteArray());
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      return db.prepare('SELECT COUNT(*) FROM rentas').pluck().get() as number;
    } finally {
      db.close();
    }
  }

  describe('transient faults', () => {
    it('the job completes with 503s, 500s and resets on ListObjects, on the warehouse GET and on every output PUT', async () => {
      const batchId = 'lote-con-fallas';
      const count = 300;
      await uploadBatch(s3, input, batchId, rentals(nextId, count));
      nextId += count;
      const before = await warehouseRentals();
      proxy.inject({ method: 'GET', path: listing(input), fault: Faults.slowDown(), times: 2 });
      proxy.inject({ method: 'GET', path: listing(input), fault: Faults.reset(), times: 1 });
      proxy.inject({ method: 'GET', path: object(input, `incoming/${batchId}/`), fault: Faults.internalError(), times: 1 });
      proxy.inject({ method: 'GET', path: object(input, `incoming/${batchId}/`), fault: Faults.resetMidBody(256), times: 1 });
      proxy.inject({ method: 'GET', path: object(output, 'warehouse/'), fault: Faults.slowDown(), times: 1 });
      proxy.inject({ method: 'GET', path: object(output, 'warehouse/'), fault: Faults.internalError(), times: 1 });
      proxy.inject({ method: 'GET', path: object(output, 'warehouse/'), fault: Faults.reset(), times: 1 });
      proxy.inject({ method: 'GET', path: object(output, 'warehouse/'), fault: Faults.resetMidBody(16 * 1024), times: 1 });
      // Each of the 6 PUTs under batches/<id>/ meets one fault: the SDK cannot resend a file stream, the job must.
      proxy.inject({ method: 'PUT', path: object(output, `batches/${batchId}/`), fault: Faults.slowDown(), times: 2, every: 2 });
      proxy.inject({ method: 'PUT', path: object(output, `batches/${batchId}/`), fault: Faults.internalError(), times: 2, every: 2 });
      proxy.inject({ method: 'PUT', path: object(output, `batches/${batchId}/`), fault: Faults.reset(), times: 2, every: 2 });
      proxy.inject({ method: 'PUT', path: object(output, 'warehouse/'), fault: Faults.slowDown(), times: 1 });

      const run = await runJob(jobEnv(batchId));

      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(proxy.injected).toHaveLength(16);
      const manifest = JSON.parse(await getText(`batches/${batchId}/manifest.json`));
      expect(manifest.tables.rentas).toMatchObject({ rowsRead: count, inserted: count, unchanged: 0, rejected: 0 });
      expect(await warehouseRentals()).toBe(before + count);
    });

    it('the job counts its batch once when the warehouse PUT succeeded but its response was lost', async () => {
      const batchId = 'lote-respuesta-perdida';
      const count = 120;
      await uploadBatch(s3, input, batchId, rentals(nextId, count));
      nextId += count;
      const before = await warehouseRentals();
      // moto replaces the warehouse, the job never hears so; its retry meets its own write (412).
      proxy.inject({ method: 'PUT', path: object(output, 'warehouse/'), fault: Faults.resetAfterForward(), times: 1 });

      const run = await runJob(jobEnv(batchId));

      expect(run.status, run.stdout + run.stderr).toBe(0);
      const messages = run.logs.map((l) => l.message);
      expect(messages).toContain('warehouse changed by another job, re-applying the batch');
      expect(messages).toContain('batch already in the warehouse, manifest published');
      const manifest = JSON.parse(await getText(`batches/${batchId}/manifest.json`));
      expect(manifest.tables.rentas).toMatchObject({ inserted: count, unchanged: 0 });
      expect(await warehouseRentals()).toBe(before + count);
    });

    it('validate-upload submits exactly one job with 503s on its ranged GETs, on the claim PUT and on SubmitJob, under duplicate deliveries', async () => {
      const { sqs, batch } = clients;
      const events = await createQueue(sqs);
      const inputBucket = await createBucket(s3);
      await connectBucketToQueue(s3, sqs, inputBucket, events, { prefix: 'incoming/' });
      const setup = await createBatchQueue(moto(), batch);
      const env = { ...proxy.env, INPUT_BUCKET: inputBucket, OUTPUT_BUCKET: output, JOB_QUEUE: setup.jobQueueArn, JOB_DEFINITION: setup.jobDefinitionArn };
      const restore = applyMotoEnv(env);
      try {
        const handler = createHandler(() => uploadPorts(env));
        const batchId = '2025-07-01';
        await uploadBatch(s3, inputBucket, batchId, BASE_BATCH);
        const records = await receiveS3EventRecords(sqs, events.url, { expected: 4, timeoutMs: 10_000 });
        expect(records).toHaveLength(4);
        const ranged = (r: { headers: Record<string, unknown> }) => r.headers.range !== undefined;
        proxy.inject({ method: 'GET', when: ranged, fault: Faults.slowDown(), times: 4, every: 2 });
        proxy.inject({ method: 'GET', when: ranged, fault: Faults.internalError(), times: 2, every: 2 });
        proxy.inject({ method: 'GET', when: ranged, fault: Faults.reset(), times: 2, every: 2 });
        proxy.inject({ method: 'PUT', path: object(output, `jobs/${batchId}.json`), fault: Faults.slowDown(), times: 3 });
        proxy.inject({ method: 'POST', path: /^\/v1\/submitjob/, fault: Faults.slowDown(), times: 1 });

        // Each record alone, then the whole event twice more at once (S3 and Lambda both redeliver).
        const summaries: RecordSummary[] = [];
        for (const record of records) summaries.push(...(await handler({ Records: [record] })));
        const again = await Promise.all([handler({ Records: records }), handler({ Records: [...records].reverse() })]);
        summaries.push(...again.flat());

        expect(summaries).toHaveLength(12);
        expect(summaries.filter((s) => s.outcome === 'submitted')).toHaveLength(1);
        const jobs: string[] = [];
        for (const jobStatus of JOB_STATUSES) {
          const page = await batch.send(new ListJobsCommand({ jobQueue: setup.jobQueueArn, jobStatus }));
          jobs.push(...(page.jobSummaryList ?? []).filter((j) => j.jobName === jobNameFor(batchId)).map((j) => j.jobId!));
        }
        expect(jobs).toHaveLength(1);
        expect(JSON.parse(await getText(`jobs/${batchId}.json`))).toMatchObject({ batchId, jobId: jobs[0], status: 'SUBMITTED' });
        expect(proxy.counts()).toEqual({ '503 SlowDown': 8, '500 InternalError': 2, reset: 2 });
        perTest.push(`  validate-upload: 12 deliveries of 4 records (8 duplicate deliveries), ${jobs.length} job`);
      } finally {
        restore();
      }
    });

    /**
     * The claim is a conditional create, and the SDK retries a PUT whose response was lost:
     * the retry meets the claim its own first attempt wrote (412). The claim carries a token
     * of the invocation that wrote it, so the handler recognises its own claim and submits,
     * instead of leaving the batch stuck with a CLAIMED marker.
     */
    it('validate-upload submits the job when the claim PUT succeeded but its response was lost', async () => {
      const { batch } = clients;
      const inputBucket = await createBucket(s3);
      const setup = await createBatchQueue(moto(), batch);
      const env = { ...proxy.env, INPUT_BUCKET: inputBucket, OUTPUT_BUCKET: output, JOB_QUEUE: setup.jobQueueArn, JOB_DEFINITION: setup.jobDefinitionArn };
      const restore = applyMotoEnv(env);
      try {
        const batchId = '2025-07-02';
        await uploadBatch(s3, inputBucket, batchId, BASE_BATCH);
        proxy.inject({ method: 'PUT', path: object(output, `jobs/${batchId}.json`), fault: Faults.resetAfterForward(), times: 1 });
        const handler = createHandler(() => uploadPorts(env));

        const summaries = await handler(s3Event(s3Record(inputBucket, `incoming/${batchId}/rentas.csv`)));

        expect(proxy.counts()).toEqual({ 'reset-after-forward': 1 });
        expect(summaries.map((s) => s.outcome)).toEqual(['submitted']);
      } finally {
        restore();
      }
    });

    it('index-output retries the entries SendMessageBatch failed, and every notification arrives exactly once', async () => {
      const queue = await createQueue(clients.sqs);
      // The SQS client sends to the queue URL's host: aim that at the proxy too.
      const queueUrl = queue.url.replace(moto().endpoint, proxy.endpoint);
      const restore = applyMotoEnv({ ...proxy.env, NOTIFICATIONS_QUEUE_URL: queueUrl });
      try {
        const batchId = 'lote-sqs';
        const key = `batches/${batchId}/manifest.json`;
        await s3.send(new PutObjectCommand({ Bucket: output, Key: key, Body: JSON.stringify(buildManifest(batchId)) }));
        const handler = makeHandler(() => indexerPorts());
        // 5 messages in one call: m1 and m3 fail, then m3 again, then the whole call is throttled once.
        proxy.inject({ target: 'AmazonSQS.SendMessageBatch', fault: Faults.sqsPartialFailure(['m1', 'm3']), times: 1 });
        proxy.inject({ target: 'AmazonSQS.SendMessageBatch', fault: Faults.sqsPartialFailure(['m3']), times: 1 });
        proxy.inject({ target: 'AmazonSQS.SendMessageBatch', fault: { kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error.' }, times: 1 });

        await expect(handler(s3Event(s3Record(output, key)))).resolves.toEqual({ sent: 5, outcomes: ['indexed'] });

        const received = (await receiveNotifications(clients.sqs, queue.url, { expected: 6, timeoutMs: 3_000 })).map((m) => JSON.parse(m.Body!) as Notification);
        expect(received).toHaveLength(5);
        expect(new Set(received.map((n) => n.dedupeKey)).size).toBe(5);
        expect(received.map((n) => n.type).sort()).toEqual(['batch.succeeded', ...Array(4).fill('output.available')]);
        expect(proxy.counts()).toEqual({ 'sqs-partial-failure': 3, '500 InternalError': 1 });
      } finally {
        restore();
      }
    });

    it('index-output on a FIFO queue delivers each notification once across a lost SendMessageBatch response and a redelivered event', async () => {
      const queue = await createQueue(clients.sqs, undefined, { fifo: true });
      const queueUrl = queue.url.replace(moto().endpoint, proxy.endpoint);
      const restore = applyMotoEnv({ ...proxy.env, NOTIFICATIONS_QUEUE_URL: queueUrl });
      try {
        const batchId = 'lote fifo';
        const key = `batches/${batchId}/manifest.json`;
        await s3.send(new PutObjectCommand({ Bucket: output, Key: key, Body: JSON.stringify(buildManifest(batchId)) }));
        const handler = makeHandler(() => indexerPorts());
        proxy.inject({ target: 'AmazonSQS.SendMessageBatch', fault: Faults.resetAfterForward(), times: 1 });
        proxy.inject({ target: 'AmazonSQS.SendMessageBatch', fault: Faults.sqsPartialFailure(['m2']), times: 1 });

        const event: S3Event = s3Event(s3Record(output, key));
        for (let delivery = 0; delivery < 3; delivery++) await handler(event);

        const received = (await receiveNotifications(clients.sqs, queue.url, { expected: 6, timeoutMs: 3_000 })).map((m) => JSON.parse(m.Body!) as Notification);
        expect(received).toHaveLength(5);
        expect(new Set(received.map((n) => n.dedupeKey)).size).toBe(5);
        perTest.push(`  index-output FIFO: 3 deliveries of one event (2 duplicates) + a lost response → ${received.length} messages for 5 notifications`);
      } finally {
        restore();
      }
    });
  });

  describe('permanent faults and faults that last', () => {
    it('exits 2 with one ERROR line when the input bucket denies access, and the failed job becomes batch.failed', async () => {
      const batchId = 'lote-sin-acceso';
      await uploadBatch(s3, input, batchId, rentals(nextId, 10));
      proxy.inject({ path: new RegExp(`^/${input}[/?]`), fault: Faults.accessDenied() });

      const run = await runJob(jobEnv(batchId, { AWS_BATCH_JOB_ID: 'job-sin-acceso' }));

      expect(run.status).toBe(2);
      expect(errorLines(run)).toEqual([expect.objectContaining({ level: 'ERROR', message: 'job failed', batchId, jobId: 'job-sin-acceso', error: 'Access Denied' })]);
      // One attempt: a refusal is not retried.
      expect(proxy.counts()).toEqual({ '403 AccessDenied': 1 });

      const notifications = await notifyFailedJob(batchId, 'job-sin-acceso', run.status!);
      expect(notifications).toEqual([expect.objectContaining({ type: 'batch.failed', batchId, jobId: 'job-sin-acceso', exitCode: 2 })]);
    });

    it('exits 2 with one ERROR line when the input bucket does not exist', async () => {
      const run = await runJob(jobEnv('lote-sin-bucket', { INPUT_BUCKET: 'rentas-input-does-not-exist' }));

      expect(run.status).toBe(2);
      expect(errorLines(run)).toEqual([expect.objectContaining({ message: 'job failed', batchId: 'lote-sin-bucket', error: 'The specified bucket does not exist' })]);
    });

    it('exits 75 (Batch retries) with one ERROR line when S3 keeps answering 503, and leaves the warehouse alone', async () => {
      const batchId = 'lote-siempre-503';
      await uploadBatch(s3, input, batchId, rentals(nextId, 10));
      const before = await warehouseRentals();
      proxy.inject({ method: 'PUT', path: object(output, `batches/${batchId}/`), fault: Faults.slowDown() });

      const run = await runJob(jobEnv(batchId));

      expect(run.status).toBe(75);
      expect(errorLines(run)).toEqual([expect.objectContaining({ message: 'job failed, worth a retry', batchId, error: 'Please reduce your request rate.' })]);
      // Bounded: five attempts of the first output, then the job gives the batch back to Batch.
      expect(proxy.counts()).toEqual({ '503 SlowDown': 5 });
      expect(await warehouseRentals()).toBe(before);
    });

    it('follows a batch whose files vanish after the upload check, by its batchId, from upload to batch.failed', async () => {
      // The product (handlers and job) talks to moto through the proxy; the harness directly.
      const stack = await createLocalStack({ ...moto(), env: proxy.env });
      const batchId = 'Lote Mérida perdido';
      const dir = writeBatch(BASE_BATCH);
      // SubmitJob is held until the files are gone: the job starts on an empty folder.
      proxy.inject({
        name: 'files deleted while SubmitJob is in flight',
        method: 'POST',
        path: /^\/v1\/submitjob/,
        times: 1,
        fault: Faults.hold(() =>
          Promise.all(Object.keys(BASE_BATCH).map((f) => s3.send(new DeleteObjectCommand({ Bucket: stack.inputBucket, Key: `incoming/${batchId}/${f}` })))),
        ),
      });
      await dropBatch(stack, dir, batchId);

      const { result, lines } = await handlerLogs.during(() => settle(stack, new Set(), { quietMs: 250 }));

      const { jobs, notifications } = result;
      expectValidNotifications(notifications);
      expect(jobs).toEqual([expect.objectContaining({ batchId, exitCode: 2 })]);
      const jobId = jobs[0].jobId;
      // validate-upload: three files accepted, then the job submitted, all under the batch id.
      // validate-upload: one line per record, all under the batch id; one submitted the job,
      // the later ones found their file gone.
      const checks = lines.filter((l) => l.service === 'validate-upload');
      expect(checks).toHaveLength(4);
      for (const line of checks) expect(line.batchId).toBe(batchId);
      expect(checks.filter((l) => l.message === 'job submitted')).toEqual([expect.objectContaining({ jobId })]);
      // The job: every line carries the batch id and the Batch job id; one ERROR says why.
      const jobLines = jobs[0].output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const line of jobLines) expect(line).toMatchObject({ batchId, jobId });
      expect(jobLines.filter((l) => l.level === 'ERROR')).toEqual([
        expect.objectContaining({ message: 'job failed', code: 'RUN_FAILED', error: expect.stringContaining(`incoming/${batchId}/ holds no table file`) }),
      ]);
      // index-output: the failed job becomes one batch.failed, nothing else is announced.
      expect(notifications).toEqual([expect.objectContaining({ type: 'batch.failed', batchId, attributes: { type: 'batch.failed', batchId } })]);
      expect(notifications[0].body).toMatchObject({ jobId, exitCode: 2 });
      perTest.push(`  followed "${batchId}": ${checks.length} validate-upload lines, ${jobLines.length} job lines, ${notifications.length} notification, all with one batchId`);
    });
  });

  /** Feeds the EventBridge event of a failed job (events/batch-job-failed.json, made this job's) to index-output; returns what arrives. */
  async function notifyFailedJob(batchId: string, jobId: string, exitCode: number): Promise<Notification[]> {
    const queue = await createQueue(clients.sqs);
    const restore = applyMotoEnv({ ...moto().env, NOTIFICATIONS_QUEUE_URL: queue.url });
    try {
      const event = JSON.parse(readFileSync('events/batch-job-failed.json', 'utf8'));
      event.detail.jobId = jobId;
      event.detail.jobName = jobNameFor(batchId);
      event.detail.container.exitCode = exitCode;
      event.detail.container.environment = event.detail.container.environment.map((e: { name: string; value: string }) => (e.name === 'BATCH_ID' ? { ...e, value: batchId } : e));
      await makeHandler(() => indexerPorts())(event);
      return (await receiveNotifications(clients.sqs, queue.url, { expected: 2, timeoutMs: 2_000 })).map((m) => JSON.parse(m.Body!) as Notification);
    } finally {
      restore();
    }
  }
});
