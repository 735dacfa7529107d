// `npm run bench -- --lambdas`: the performance targets of the two Lambdas, measured against
// moto_server and printed, not asserted: (a) bundle size and module initialisation time,
// (b) how much of a 1 MB and a big upload the header check downloads and how long it takes
// to decide once the bytes are in, (c) how many SendMessageBatch calls and how long
// index-output needs for a manifest of 1 000 outputs, and whether every message arrives.
// The handlers run in this process over the same adapters their portsFromEnv builds.
import { performance } from 'node:perf_hooks';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Manifest, OutputEntry } from '../../common/manifest.js';
import { contractFor } from '../../common/tables/index.js';
import { makeHandler } from '../../functions/index-output/index.js';
import { s3ObjectSource } from '../../functions/index-output/s3-object-source.js';
import { readAwsSettings, s3Client, sqsClient } from '../../common/aws-clients.js';
import { sqsNotificationSender, type Notification } from '../../functions/index-output/notifications.js';
import { createHandler, portsFromEnv } from '../../functions/validate-upload/index.js';
import { S3ObjectStore } from '../../functions/validate-upload/s3-store.js';
import type { ObjectStore } from '../../functions/validate-upload/validate-upload.js';
import { bundleFunctions, kb, measureInit, reportLines, TARGETS } from '../bundle-functions-lib.mjs';
import { connectBucketToQueue, createBatchQueue, createBucket, createQueue, motoClients, uniqueName } from '../local-aws/fixtures.js';
import { applyMotoEnv, type MotoServer, motoAvailable, startMoto } from '../local-aws/moto-process.js';
import { receiveMessages, receiveS3EventRecords } from '../local-aws/sqs.js';
import { BenchError, type BenchOptions } from './options.js';

const MiB = 1024 * 1024;
const INIT_RUNS = 5;
const HEADER_BYTES_MAX = 64 * 1024;
const DECIDE_MS_MAX = 50;
const OUTPUTS = 1_000;
/** SendMessageBatch takes at most 10 entries. */
const SQS_BATCH_MAX = 10;
const NOTIFY_CALLS_MAX = 100;
const NOTIFY_S_MAX = 2;

interface UploadFigures { mb: number; uploadMs: number; handlerMs: number; readMs: number; decideMs: number; bytesRead: number; outcome: string }
export interface NotifyFigures {
  sent: number;
  calls: number;
  maxEntries: number;
  seconds: number;
  /** The handler's CPU time (this process), apart from the wall time spent waiting on moto. */
  cpu: { userMs: number; systemMs: number };
  /** Time spent inside SendMessageBatch calls, and the first, median and slowest call's. */
  sqsSeconds: number;
  callMs: { first: number; median: number; max: number };
  arrived: number;
  receiveSeconds: number;
  distinct: number;
  summaries: number;
}

/** Runs the three measurements and prints them; 1 when a check fails (an outcome, a message or the fewest SendMessageBatch calls missing). */
export async function runLambdasMode(opts: BenchOptions, print: (line: string) => void): Promise<number> {
  if (!motoAvailable()) throw new BenchError("--lambdas needs moto_server on PATH; install it with `pip install 'moto[server]'`");
  const ok = (met: boolean): string => (met ? 'ok' : 'MISSED');

  print(`bundles (esbuild options of template.yaml, init = median of ${INIT_RUNS} fresh processes):`);
  const bundles = [];
  for (const bundle of await bundleFunctions()) {
    const init = await measureInit(bundle, { runs: INIT_RUNS });
    for (const line of reportLines(bundle, init)) print(`  ${line}`);
    bundles.push({ name: bundle.name, bytes: bundle.bytes, native: bundle.native.length, initMs: init.medianMs, cpuMs: init.medianCpuMs });
  }

  const server = await startMoto();
  const restoreEnv = applyMotoEnv(server.env);
  try {
    const uploads: UploadFigures[] = [];
    for (const mb of [1, opts.bigMb]) {
      const u = await measureUploadCheck(server, mb);
      uploads.push(u);
      print(
        `upload check, ${mb} MB rentas.csv${uploads.length === 1 ? ' (first handler call of this process)' : ''}: upload ${Math.round(u.uploadMs)} ms; handler ${u.handlerMs.toFixed(1)} ms, of which ranged GET ` +
          `${u.readMs.toFixed(1)} ms; outcome ${u.outcome}; bytes received ${u.bytesRead} (target <= ${HEADER_BYTES_MAX}: ${ok(u.bytesRead <= HEADER_BYTES_MAX)}); ` +
          `decision after the read ${u.decideMs.toFixed(1)} ms (target <= ${DECIDE_MS_MAX} ms: ${ok(u.decideMs <= DECIDE_MS_MAX)})`,
      );
    }
    const n = await measureNotify(server, OUTPUTS);
    const fewestCalls = Math.ceil(n.sent / SQS_BATCH_MAX);
    print(
      `index-output, manifest with ${OUTPUTS} outputs: ${n.sent} notifications in ${n.calls} SendMessageBatch calls of at most ${n.maxEntries} entries ` +
        `(target <= ${NOTIFY_CALLS_MAX}: ${ok(n.calls <= NOTIFY_CALLS_MAX)}; SQS takes ${SQS_BATCH_MAX} entries a call, so ${n.sent} need at least ${fewestCalls}: ${ok(n.calls === fewestCalls && n.maxEntries <= SQS_BATCH_MAX)}); ` +
        `handler ${n.seconds.toFixed(2)} s (target <= ${NOTIFY_S_MAX} s: ${ok(n.seconds <= NOTIFY_S_MAX)})`,
    );
    print(
      `  the calls took ${n.sqsSeconds.toFixed(2)} s added up (several run at once; first ${n.callMs.first.toFixed(0)} ms, median ${n.callMs.median.toFixed(0)} ms, ` +
        `slowest ${n.callMs.max.toFixed(0)} ms: moto 5.2 rescans the whole queue for every message sent, so a call costs more the deeper the queue)`,
    );
    print(`  arrived ${n.arrived} of ${OUTPUTS + 1} (${n.distinct} distinct dedupe keys, ${n.summaries} batch summary), received in ${n.receiveSeconds.toFixed(1)} s`);

    const figures = {
      bundle_kb_max: Math.round(Math.max(...bundles.map((b) => b.bytes)) / 1024),
      init_ms_max: Math.round(Math.max(...bundles.map((b) => b.initMs))),
      header_bytes: Math.max(...uploads.map((u) => u.bytesRead)),
      decide_ms: Math.round(Math.max(...uploads.map((u) => u.decideMs))),
      notify_calls: n.calls,
      notify_s: Number(n.seconds.toFixed(2)),
    };
    const missed = [
      figures.bundle_kb_max * 1024 > TARGETS.maxBytes && `bundle ${figures.bundle_kb_max} KB > ${kb(TARGETS.maxBytes)} KB`,
      bundles.some((b) => b.native > 0) && 'native module bundled',
      figures.init_ms_max > TARGETS.maxInitMs && `init ${figures.init_ms_max} ms > ${TARGETS.maxInitMs} ms`,
      figures.header_bytes > HEADER_BYTES_MAX && `header read ${figures.header_bytes} B > ${HEADER_BYTES_MAX} B`,
      figures.decide_ms > DECIDE_MS_MAX && `decision ${figures.decide_ms} ms > ${DECIDE_MS_MAX} ms`,
      n.calls > NOTIFY_CALLS_MAX && `${n.calls} SendMessageBatch calls > ${NOTIFY_CALLS_MAX}`,
      n.seconds > NOTIFY_S_MAX && `notify ${n.seconds.toFixed(2)} s > ${NOTIFY_S_MAX} s`,
    ].filter((m): m is string => typeof m === 'string');
    print(`targets: ${missed.length === 0 ? 'all met' : `missed: ${missed.join('; ')}`}`);
    if (opts.json) print(JSON.stringify({ mode: 'lambdas', node: process.version, big_mb: opts.bigMb, bundles, uploads, notify: n, ...figures }));
    print(`bench-lambdas: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    // The counts tests/integration/index-output-batching.test.ts checks on a small manifest.
    const complete =
      uploads.every((u) => u.outcome === 'accepted') &&
      n.sent === OUTPUTS + 1 &&
      n.calls === fewestCalls &&
      n.maxEntries <= SQS_BATCH_MAX &&
      n.arrived === OUTPUTS + 1 &&
      n.distinct === OUTPUTS + 1 &&
      n.summaries === 1;
    return complete ? 0 : 1;
  } finally {
    restoreEnv();
    await server.stop();
  }
}

/**
 * Uploads a valid rentas.csv of `mb` MB, hands its real S3 event record to the handler, and
 * times the handler with the store's ranged read marked: what follows the read (the batch
 * listing, the outcome, the log line) is the decision time.
 */
async function measureUploadCheck(server: MotoServer, mb: number): Promise<UploadFigures> {
  const { s3, sqs, batch } = motoClients(server);
  const input = await createBucket(s3, uniqueName('bench-input'));
  const output = await createBucket(s3, uniqueName('bench-output'));
  const queue = await createQueue(sqs, uniqueName('bench-input-events'));
  await connectBucketToQueue(s3, sqs, input, queue, { prefix: 'incoming/' });
  const setup = await createBatchQueue(server, batch);
  const env = { ...server.env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, JOB_QUEUE: setup.jobQueueArn, JOB_DEFINITION: setup.jobDefinitionArn };

  const key = `incoming/bench-${mb}mb/rentas.csv`;
  const uploadStart = performance.now();
  await uploadRentas(s3, input, key, mb);
  const uploadMs = performance.now() - uploadStart;
  const [record] = await receiveS3EventRecords(sqs, queue.url, { expected: 1, timeoutMs: 30_000 });
  if (!record) throw new BenchError(`moto delivered no S3 event for s3://${input}/${key}`);

  const store = new S3ObjectStore(s3Client(readAwsSettings(env)), input);
  let readStart = 0;
  let readEnd = 0;
  const timedInput: ObjectStore = {
    bucket: store.bucket,
    getRange: async (k, start, end) => {
      readStart = performance.now();
      const range = await store.getRange(k, start, end);
      readEnd = performance.now();
      return range;
    },
    list: (prefix) => store.list(prefix),
    putJson: (k, body) => store.putJson(k, body),
    putIfAbsent: (k, body) => store.putIfAbsent(k, body),
    delete: (k) => store.delete(k),
  };
  const handler = createHandler(() => ({ ...portsFromEnv(env), input: timedInput }));
  const start = performance.now();
  const [summary] = await handler({ Records: [record] });
  const end = performance.now();
  return { mb, uploadMs, handlerMs: end - start, readMs: readEnd - readStart, decideMs: end - readEnd, bytesRead: store.bytesRead, outcome: summary?.outcome ?? 'none' };
}

/**
 * Puts a valid rentas.csv of about `mb` MB: one PutObject when small, else a multipart upload
 * of 5 MiB parts reusing two buffers, so memory stays flat whatever the size.
 */
async function uploadRentas(s3: S3Client, bucket: string, key: string, mb: number): Promise<void> {
  const row = '1,1,1,1,1,2024-01-01 10:00,2024-01-03 10:00,1500.00\n';
  const fill = (size: number, header: boolean): Buffer => {
    const head = header ? `${contractFor('rentas').columns.join(',')}\n` : '';
    return Buffer.from(head + row.repeat(Math.ceil((size - head.length) / row.length)));
  };
  const total = mb * MiB;
  const partSize = 5 * MiB;
  if (total <= partSize) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fill(total, true) }));
    return;
  }
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const [first, other] = [fill(partSize, true), fill(partSize, false)];
  const parts: { ETag: string; PartNumber: number }[] = [];
  for (let n = 1; n <= Math.ceil(total / partSize); n++) {
    const res = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: n === 1 ? first : other }));
    parts.push({ ETag: res.ETag!, PartNumber: n });
  }
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
}

/**
 * Puts a manifest of `outputs` outputs (and a warehouse version, with `warehouse`), hands its
 * real S3 event to index-output with a SendMessageBatch counter (and timer) on the SQS client,
 * then receives what arrived.
 */
export async function measureNotify(server: MotoServer, outputs: number, options: { warehouse?: boolean } = {}): Promise<NotifyFigures> {
  const { s3, sqs } = motoClients(server);
  const bucket = await createBucket(s3, uniqueName('bench-output'));
  const events = await createQueue(sqs, uniqueName('bench-output-events'));
  const notifications = await createQueue(sqs, uniqueName('bench-notifications'));
  await connectBucketToQueue(s3, sqs, bucket, events, { prefix: 'batches/' });
  const batchId = `bench-${outputs}`;
  const manifest: Manifest = {
    ...manifestWithOutputs(batchId, outputs),
    ...(options.warehouse ? { warehouse: { key: 'warehouse/rentas.db', versionId: 'bench', bytes: 1, sha256: 'f'.repeat(64), sequence: 1 } } : {}),
  };
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `batches/${batchId}/manifest.json`, Body: JSON.stringify(manifest) }));
  const records = await receiveS3EventRecords(sqs, events.url, { expected: 1, timeoutMs: 10_000 });

  // The clients index-output's portsFromEnv makes (aimed at moto by AWS_ENDPOINT_URL), the SQS one counted.
  const counted = sqsClient();
  const calls: { entries: number; ms: number }[] = [];
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand') return next(args);
      const t0 = performance.now();
      try {
        return await next(args);
      } finally {
        calls.push({ entries: (args.input as { Entries?: unknown[] }).Entries?.length ?? 0, ms: performance.now() - t0 });
      }
    },
    { step: 'initialize', name: 'countSendMessageBatch' },
  );
  const handler = makeHandler(() => ({ objects: s3ObjectSource(s3Client(readAwsSettings(process.env))), sender: sqsNotificationSender(counted, notifications.url) }));
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const result = await handler({ Records: records });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);

  const receiveStart = performance.now();
  const arrived = await receiveMessages(sqs, notifications.url, { expected: outputs + 1 + (options.warehouse ? 1 : 0), timeoutMs: 300_000 });
  const receiveSeconds = (performance.now() - receiveStart) / 1000;
  const bodies = arrived.map((m) => JSON.parse(m.Body ?? '{}') as Notification);
  const ms = calls.map((c) => c.ms);
  return {
    sent: result.sent,
    calls: calls.length,
    maxEntries: Math.max(0, ...calls.map((c) => c.entries)),
    seconds,
    cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
    sqsSeconds: ms.reduce((a, b) => a + b, 0) / 1000,
    callMs: { first: ms[0] ?? 0, median: [...ms].sort((a, b) => a - b)[ms.length >> 1] ?? 0, max: Math.max(0, ...ms) },
    arrived: arrived.length,
    receiveSeconds,
    distinct: new Set(bodies.map((b) => b.dedupeKey)).size,
    summaries: bodies.filter((b) => b.type === 'batch.succeeded').length,
  };
}

/** A succeeded manifest whose outputs are `count` CSV exports of the batch folder. */
export function manifestWithOutputs(batchId: string, count: number): Manifest {
  const table = (file: string) => ({ file, status: 'loaded' as const, warnings: [], rowsRead: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0 });
  const outputs = Array.from({ length: count }, (_, i): OutputEntry => ({
    kind: 'aggregate',
    path: `batches/${batchId}/exports/part-${String(i).padStart(4, '0')}.csv`,
    bytes: 1_000 + i,
    sha256: i.toString(16).padStart(64, '0'),
  }));
  return {
    batchId,
    status: 'succeeded',
    startedAt: '2025-06-01T14:05:00.000Z',
    finishedAt: '2025-06-01T14:09:57.000Z',
    tables: { vehiculos: table('vehiculos.csv'), puntos_renta: table('puntos_renta.csv'), clientes: table('clientes.csv'), rentas: table('rentas.csv') },
    aggregate: { table: 'vehiculos_mas_reservados', rows: 1, export: 'full', changedGroups: 1 },
    top: [],
    outputs,
  };
}
