import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DescribeJobsCommand, ListJobsCommand, type BatchClient, type JobStatus } from '@aws-sdk/client-batch';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobNameFor } from '../../common/keys.js';
import { createHandler, portsFromEnv } from '../../functions/validate-upload/index.js';
import { S3ObjectStore } from '../../functions/validate-upload/s3-store.js';
import type { ObjectStore, RecordSummary } from '../../functions/validate-upload/validate-upload.js';
import { BASE_BATCH, HEADERS } from '../helpers/etl.js';
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

const JOB_STATUSES: JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];
const MiB = 1024 * 1024;
/**
 * Size of the big object: several multipart parts, so a whole-object read would show. The
 * 500 MB case is measured by `npm run bench -- --lambdas` (or VALIDATE_UPLOAD_BIG_MB=500 here).
 */
const BIG_MB = Number(process.env.VALIDATE_UPLOAD_BIG_MB ?? 16);

interface Stage {
  input: string;
  output: string;
  queueUrl: string;
  jobQueue: string;
  env: Record<string, string>;
  handler: (event: S3Event) => Promise<RecordSummary[]>;
}

describeE2E('validate-upload against moto', () => {
  const moto = useMoto();
  let clients: MotoClients;
  let restoreEnv: () => void;

  beforeAll(() => {
    clients = motoClients(moto());
    restoreEnv = applyMotoEnv(moto().env);
  });
  afterAll(() => restoreEnv?.());

  /** Fresh buckets wired to a queue as on AWS, a Batch queue, and the handler over env-made ports. */
  async function stage(): Promise<Stage> {
    const { s3, sqs, batch } = clients;
    const input = await createBucket(s3);
    const output = await createBucket(s3);
    const queue = await createQueue(sqs);
    await connectBucketToQueue(s3, sqs, input, queue, { prefix: 'incoming/' });
    const setup = await createBatchQueue(moto(), batch);
    const env = { ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, JOB_QUEUE: setup.jobQueueArn, JOB_DEFINITION: setup.jobDefinitionArn };
    return { input, output, queueUrl: queue.url, jobQueue: setup.jobQueueArn, env, handler: createHandler(() => portsFromEnv(env)) };
  }

  const put = (s3: S3Client, bucket: string, key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), ContentLength: Buffer.byteLength(body) }));

  async function uploadBatch(st: Stage, batchId: string, files: Partial<Record<string, string>> = BASE_BATCH): Promise<S3EventRecord[]> {
    for (const [file, body] of Object.entries(files)) await put(clients.s3, st.input, `incoming/${batchId}/${file}`, body ?? '');
    return receiveS3EventRecords(clients.sqs, st.queueUrl, { expected: Object.keys(files).length, timeoutMs: 10_000 });
  }

  const one = (record: S3EventRecord): S3Event => ({ Records: [record] });

  /** Uploads the files one at a time, handing each one's real event record to the handler before the next upload. */
  async function uploadOneByOne(st: Stage, batchId: string, files: Partial<Record<string, string>>): Promise<RecordSummary[]> {
    const summaries: RecordSummary[] = [];
    for (const [file, body] of Object.entries(files)) {
      const records = await uploadBatch(st, batchId, { [file]: body });
      expect(records).toHaveLength(1);
      summaries.push(...(await st.handler(one(records[0]))));
    }
    return summaries;
  }

  it('submits exactly one job for four valid files, from the real S3 event records, and keeps its id in the marker', async () => {
    const st = await stage();
    const outcomes = await uploadOneByOne(st, '2025-06-01', BASE_BATCH);

    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'submitted']);
    expect(outcomes.every((o) => o.batchId === '2025-06-01')).toBe(true);
    const jobs = await jobsNamed(clients.batch, st.jobQueue, jobNameFor('2025-06-01'));
    expect(jobs).toHaveLength(1);
    expect(await getJson(clients.s3, st.output, 'jobs/2025-06-01.json')).toMatchObject({ batchId: '2025-06-01', jobId: jobs[0], status: 'SUBMITTED' });
    const described = await clients.batch.send(new DescribeJobsCommand({ jobs: [jobs[0]] }));
    expect(described.jobs?.[0].container?.environment?.find((e) => e.name === 'BATCH_ID')?.value).toBe('2025-06-01');
  });

  it('writes error.json for a bad header, leaves the upload, and submits nothing', async () => {
    const st = await stage();
    const [record] = await uploadBatch(st, 'lote-malo', { 'rentas.csv': 'id_renta,id_vehiculo\n1,1\n' });

    const [summary] = await st.handler(one(record));

    expect(summary).toMatchObject({ outcome: 'rejected', code: 'HEADER_MISSING_COLUMN' });
    expect(await getJson(clients.s3, st.output, 'rejected/lote-malo/rentas.csv.error.json')).toMatchObject({
      batchId: 'lote-malo',
      key: 'incoming/lote-malo/rentas.csv',
      bucket: st.input,
      table: 'rentas',
      expected: HEADERS.rentas.split(','),
      found: ['id_renta', 'id_vehiculo'],
    });
    await expect(clients.s3.send(new HeadObjectCommand({ Bucket: st.input, Key: 'incoming/lote-malo/rentas.csv' }))).resolves.toBeDefined();
    expect(await keysUnder(clients.s3, st.output, 'jobs/')).toEqual([]);
    expect(await jobsNamed(clients.batch, st.jobQueue, jobNameFor('lote-malo'))).toEqual([]);
  });

  it('works with a batch id with spaces and accents', async () => {
    const st = await stage();
    const batchId = 'Sucursal Mérida junio';
    const records = await uploadBatch(st, batchId);
    expect(records.map((r) => r.s3.object.key)).toContain('incoming%2FSucursal+M%C3%A9rida+junio%2Frentas.csv');

    const outcomes = (await st.handler({ Records: records })).map((s) => s.outcome);

    expect(outcomes.filter((o) => o === 'submitted')).toHaveLength(1);
    const jobs = await jobsNamed(clients.batch, st.jobQueue, jobNameFor(batchId));
    expect(jobs).toHaveLength(1);
    expect(await getJson(clients.s3, st.output, `jobs/${batchId}.json`)).toMatchObject({ batchId, jobId: jobs[0] });
  });

  it('submits one job whatever the number of duplicate and concurrent deliveries', async () => {
    const st = await stage();
    const records = await uploadBatch(st, 'concurrente');

    const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => st.handler(one(records[i % 4]))));
    const again = await st.handler(one(records[3]));
    const againTwice = await st.handler(one(records[3]));

    const outcomes = [...concurrent.flat(), ...again, ...againTwice].map((s) => s.outcome);
    expect(outcomes.filter((o) => o === 'submitted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-claimed')).toHaveLength(21);
    expect(await jobsNamed(clients.batch, st.jobQueue, jobNameFor('concurrente'))).toHaveLength(1);
  });

  it('submits on _SUCCESS with two of the four files', async () => {
    const st = await stage();
    const files = { 'vehiculos.csv': BASE_BATCH['vehiculos.csv'], 'rentas.csv': BASE_BATCH['rentas.csv'], _SUCCESS: '' };

    const outcomes = (await uploadOneByOne(st, 'parcial', files)).map((s) => [s.file, s.outcome]);

    expect(outcomes).toEqual([
      ['vehiculos.csv', 'accepted'],
      ['rentas.csv', 'accepted'],
      ['_SUCCESS', 'submitted'],
    ]);
    expect(await jobsNamed(clients.batch, st.jobQueue, jobNameFor('parcial'))).toHaveLength(1);
  });

  it('skips an object deleted before it is processed as gone', async () => {
    const st = await stage();
    const [record] = await uploadBatch(st, 'borrado', { 'clientes.csv': BASE_BATCH['clientes.csv'] });
    await clients.s3.send(new DeleteObjectCommand({ Bucket: st.input, Key: 'incoming/borrado/clientes.csv' }));

    await expect(st.handler(one(record))).resolves.toEqual([expect.objectContaining({ outcome: 'gone', batchId: 'borrado' })]);
  });

  describe('reads at most 64 KiB of an object, whatever its size', () => {
    it.each([
      ['1 MB', 1],
      [`${BIG_MB} MB`, BIG_MB],
    ])('decides on a %s rentas.csv from one ranged GET', { timeout: 600_000 }, async (_, megabytes) => {
      const st = await stage();
      const key = `incoming/grande-${megabytes}/rentas.csv`;
      const uploadStart = performance.now();
      await uploadRentas(clients.s3, st.input, key, megabytes);
      const uploadMs = performance.now() - uploadStart;
      const [record] = await receiveS3EventRecords(clients.sqs, st.queueUrl, { expected: 1, timeoutMs: 30_000 });
      const probe = instrumentedPorts(st);

      const start = performance.now();
      const summaries = await createHandler(() => probe.ports)(one(record));
      const end = performance.now();

      expect(summaries).toEqual([expect.objectContaining({ outcome: 'accepted', key })]);
      expect(probe.gets).toEqual([{ range: 'bytes=0-65535', status: 206, contentLength: 65_536 }]);
      expect(probe.store.bytesRead).toBeLessThanOrEqual(65_536);
      const readEnd = probe.readEnds[0];
      console.info(
        `validate-upload ${megabytes} MB: upload ${Math.round(uploadMs)} ms; handler ${Math.round(end - start)} ms, ` +
          `of which ranged GET ${Math.round(probe.readMs[0])} ms and decision after the read ${(end - readEnd).toFixed(1)} ms; ` +
          `bytes received ${probe.store.bytesRead} (Content-Length ${probe.gets[0].contentLength})`,
      );
    });
  });

  it('answers each events/s3-put-*.json as the event file says', async () => {
    const st = await stage();
    const names = readdirSync('events').filter((n) => /^s3-put-.*\.json$/.test(n));
    const events = names.map((name) => ({ name, event: JSON.parse(readFileSync(join('events', name), 'utf8')) as S3Event }));
    const inputBucket = (JSON.parse(readFileSync('events/env.json', 'utf8')) as Record<string, Record<string, string>>).ValidateUploadFunction?.INPUT_BUCKET;
    const time = (e: S3Event) => e.Records[0]?.eventTime ?? '';
    events.sort((a, b) => time(a.event).localeCompare(time(b.event)));

    const outcomes: Record<string, string[]> = {};
    for (const { name, event } of events) {
      for (const record of event.Records) {
        if (record.s3.bucket.name !== inputBucket) continue;
        record.s3.bucket.name = st.input;
        record.s3.bucket.arn = `arn:aws:s3:::${st.input}`;
        const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
        const file = key.split('/').pop() ?? '';
        const body = name.includes('bad-header') ? 'id_renta,fecha\n1,2024-01-01\n' : (BASE_BATCH[file as keyof typeof BASE_BATCH] ?? '');
        await put(clients.s3, st.input, key, body);
      }
      const summaries = await st.handler(event);
      expect(summaries).toHaveLength(event.Records.length);
      outcomes[name] = summaries.map((s) => s.outcome);
    }

    const expected: Record<string, string[]> = {
      's3-put-vehiculos.json': ['accepted'],
      's3-put-puntos-renta.json': ['accepted'],
      's3-put-clientes.json': ['accepted'],
      's3-put-rentas.json': ['submitted'],
      's3-put-success-marker.json': ['already-claimed'],
      's3-put-bad-header.json': ['rejected'],
      's3-put-key-with-spaces.json': ['accepted'],
      's3-put-misnamed.json': ['rejected'],
      's3-put-manifest.json': ['ignored'],
      's3-put-rejection.json': ['ignored'],
    };
    for (const name of Object.keys(outcomes)) if (expected[name]) expect([name, outcomes[name]]).toEqual([name, expected[name]]);
    expect(await keysUnder(clients.s3, st.output, 'rejected/')).toEqual([
      'rejected/2025-06-02/rentas.csv.error.json',
      ...('s3-put-misnamed.json' in outcomes ? ['rejected/Sucursal Mérida junio/Rentas (1).csv.error.json'] : []),
    ]);
    expect(await jobsNamed(clients.batch, st.jobQueue, jobNameFor('2025-06-01'))).toHaveLength('s3-put-rentas.json' in outcomes ? 1 : 0);
  });

  /** Ports over an S3 client that records each GetObject's Range, status and Content-Length, with the read timed. */
  function instrumentedPorts(st: Stage) {
    const s3 = motoClients(moto()).s3;
    const gets: { range?: string; status?: number; contentLength: number }[] = [];
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'GetObjectCommand') {
          const request = args.request as { headers: Record<string, string> };
          const response = result.response as { statusCode?: number; headers: Record<string, string> };
          gets.push({ range: request.headers.range, status: response.statusCode, contentLength: Number(response.headers['content-length']) });
        }
        return result;
      },
      { step: 'finalizeRequest', name: 'recordGetObject' },
    );
    const store = new S3ObjectStore(s3, st.input);
    const readMs: number[] = [];
    const readEnds: number[] = [];
    const input: ObjectStore = {
      bucket: store.bucket,
      getRange: async (key, start, end) => {
        const t0 = performance.now();
        const range = await store.getRange(key, start, end);
        readEnds.push(performance.now());
        readMs.push(performance.now() - t0);
        return range;
      },
      list: (prefix) => store.list(prefix),
      putJson: (key, body) => store.putJson(key, body),
      putIfAbsent: (key, body) => store.putIfAbsent(key, body),
      delete: (key) => store.delete(key),
    };
    const env = portsFromEnv(st.env);
    return { ports: { ...env, input }, store, gets, readMs, readEnds };
  }
});

/** Job ids of the queue with that name, every status (moto lists all without a status, AWS only RUNNING). */
async function jobsNamed(batch: BatchClient, jobQueue: string, jobName: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const jobStatus of JOB_STATUSES) {
    const listed = await batch.send(new ListJobsCommand({ jobQueue, jobStatus }));
    for (const job of listed.jobSummaryList ?? []) if (job.jobName === jobName && job.jobId) ids.add(job.jobId);
  }
  return [...ids];
}

async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await res.Body!.transformToString());
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

/**
 * Puts a valid rentas.csv of about `megabytes` MB: one PutObject when small, else a multipart
 * upload of 5 MiB parts that reuses one buffer, so memory stays flat whatever the size.
 */
async function uploadRentas(s3: S3Client, bucket: string, key: string, megabytes: number): Promise<void> {
  const row = '1,1,1,1,1,2024-01-01 10:00,2024-01-03 10:00,1500.00\n';
  const fill = (size: number, header: boolean) => {
    const head = header ? `${HEADERS.rentas}\n` : '';
    return Buffer.from(head + row.repeat(Math.ceil((size - head.length) / row.length)));
  };
  const total = megabytes * MiB;
  if (total <= 5 * MiB) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fill(total, true) }));
    return;
  }
  const partSize = 5 * MiB;
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const first = fill(partSize, true);
  const other = fill(partSize, false);
  const parts: { ETag: string; PartNumber: number }[] = [];
  for (let n = 1; n <= Math.ceil(total / partSize); n++) {
    const res = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: n === 1 ? first : other }));
    parts.push({ ETag: res.ETag!, PartNumber: n });
  }
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
}
