// `npm run bench:aws -- [--rentals N] [--batch N] [--seed S] [--cache DIR]`: what a batch costs
// on AWS, printed, not asserted. Against moto_server, in this process: (a) the Batch job's own
// accounting (runBatchJob's transfers) for a full load of N rentals and for an incremental
// batch of --batch new rentals into it, and the objects each batch keeps; (b) index-output on a
// manifest of 1 000 outputs: SendMessageBatch calls, the handler's CPU time (process.cpuUsage,
// this process only) and, apart, the wall time spent waiting on moto. Each run also prints the
// time of the job's store calls (downloads and uploads, bodies included): where its time goes.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ListObjectsV2Command, ListObjectVersionsCommand, PutBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { readAwsSettings, s3Client } from '../common/aws-clients.js';
import { s3JobStore } from '../batch-job/src/aws/s3-job-store.js';
import { type BatchJobResult, type JobStore, runBatchJob } from '../batch-job/src/batch-job-run.js';
import { loadConfig } from '../batch-job/src/core/config.js';
import { DATA_FILES, ensureDataset } from './bench/dataset.js';
import { measureNotify as notifyFigures } from './bench/lambdas-mode.js';
import { writeRentalBatch } from './bench/rental-batch.js';
import { createBucket, motoClients, uniqueName } from './local-aws/fixtures.js';
import { applyMotoEnv, motoAvailable, type MotoServer, startMoto } from './local-aws/moto-process.js';

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const OUTPUTS = 1_000;

/**
 * moto_server (5.2) decodes an `aws-chunked` request body by appending chunk after chunk to
 * one bytes value (S3Response._handle_encoded_body): each append copies all that came
 * before, so the time grows with the square of the object. The SDK sends a streamed body (the
 * job's PutObject of a file) that way, one chunk per 64 KiB read, with its CRC32 in a trailer.
 * One streamed PutObject, measured from the SDK: 16 MiB 0.7 s, 32 MiB 46 s, 64 MiB 172 s,
 * 128 MiB 18 min; the 1 M warehouse (176 MiB) would take well over half an hour, the 5 M one
 * (0.9 GiB) many hours. With the
 * SDK's own setting `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED` a streamed body goes as
 * it is, without the trailer, and moto takes it in linear time (64 MiB: 2.8 s). The job's
 * code, its requests' keys, conditions and metadata, and the bytes it counts stay the same;
 * only the optional CRC32 is left out, in this bench only (the job on AWS keeps the SDK's
 * default, WHEN_SUPPORTED). Set the variable to WHEN_SUPPORTED to measure with the trailer.
 */
const BENCH_SDK_ENV = { AWS_REQUEST_CHECKSUM_CALCULATION: process.env.AWS_REQUEST_CHECKSUM_CALCULATION ?? 'WHEN_REQUIRED' };

function options() {
  const { values } = parseArgs({
    options: { rentals: { type: 'string', default: '100000' }, batch: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' }, cache: { type: 'string', default: '.cache/bench' } },
  });
  const int = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} expects a whole number >= 1, got "${raw}"`);
    return n;
  };
  return { rentals: int('rentals', values.rentals), batch: int('batch', values.batch), seed: int('seed', values.seed), cache: values.cache };
}

async function upload(s3: S3Client, bucket: string, key: string, path: string): Promise<void> {
  await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: createReadStream(path) }, partSize: 16 << 20, queueSize: 4 }).done();
}

/** Objects and versions of the output bucket under a prefix. */
async function kept(s3: S3Client, bucket: string, prefix: string): Promise<{ objects: number; bytes: number }> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return { objects: page.KeyCount ?? 0, bytes: (page.Contents ?? []).reduce((sum, o) => sum + (o.Size ?? 0), 0) };
}

/** One store call of the job: which, on which key, how long (body transfer included). */
interface TimedCall {
  readonly call: string;
  readonly key: string;
  readonly seconds: number;
}

/** The store, timing each of its calls into `calls`: where a run's wall time goes. */
function timed(store: JobStore, calls: TimedCall[]): JobStore {
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [call, fn] of Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[call] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await fn(...args);
      } finally {
        calls.push({ call, key: Array.isArray(args[0]) ? `${args[0].length} keys` : String(args[0]), seconds: (performance.now() - t0) / 1000 });
      }
    };
  }
  return wrapped as unknown as JobStore;
}

/** The slowest calls of a run, and the total per kind of call. */
function printCalls(calls: readonly TimedCall[]): void {
  const perCall = new Map<string, { count: number; seconds: number }>();
  for (const c of calls) {
    const sum = perCall.get(c.call) ?? { count: 0, seconds: 0 };
    perCall.set(c.call, { count: sum.count + 1, seconds: sum.seconds + c.seconds });
  }
  print(`  store calls: ${[...perCall].map(([call, s]) => `${call} ${s.count}× ${s.seconds.toFixed(1)} s`).join(', ')}`);
  const slowest = [...calls].sort((a, b) => b.seconds - a.seconds).slice(0, 3);
  print(`  slowest: ${slowest.map((c) => `${c.call}(${c.key}) ${c.seconds.toFixed(1)} s`).join(', ')}`);
}

function printRun(label: string, result: BatchJobResult, seconds: number): void {
  const t = result.transfers;
  print(
    `${label}: ${seconds.toFixed(1)} s; path ${result.manifest.aggregate.export} export, ${result.manifest.aggregate.changedGroups} changed groups; ` +
      `uploaded ${mib(t.warehouseBytes + t.outputBytes)} = warehouse ${mib(t.warehouseBytes)} (once) + ${t.outputObjects} batch objects ${mib(t.outputBytes)}; ` +
      `downloaded ${mib(t.downloadedBytes)}; warehouse version ${result.manifest.warehouse?.versionId ?? 'null'}, sequence ${result.manifest.warehouse?.sequence}`,
  );
}

async function measureBatches(server: MotoServer, opts: ReturnType<typeof options>, generator: string): Promise<void> {
  const { s3 } = motoClients(server);
  const input = await createBucket(s3, uniqueName('bench-input'));
  const output = await createBucket(s3, uniqueName('bench-output'));
  await s3.send(new PutBucketVersioningCommand({ Bucket: output, VersioningConfiguration: { Status: 'Enabled' } }));
  const data = await ensureDataset(opts.cache, opts.rentals, opts.seed, generator, (l) => print(`data: ${l}`));
  print(`data: ${data.dir}${data.cached ? ' (cached)' : ''}: ${mib(data.bytes.total)} of CSV for ${opts.rentals} rentals`);
  const uploading = performance.now();
  for (const f of DATA_FILES) await upload(s3, input, `incoming/full/${f}`, join(data.dir, f));
  print(`data: uploaded to the input bucket in ${((performance.now() - uploading) / 1000).toFixed(1)} s`);
  const scratch = await mkdtemp(join(tmpdir(), 'rentas-bench-aws-'));
  try {
    const batchDir = join(scratch, 'batch');
    await writeRentalBatch(data.dir, batchDir, opts.rentals + 1, opts.batch);
    for (const f of await readdir(batchDir)) await upload(s3, input, `incoming/incremental/${f}`, join(batchDir, f));

    const calls: TimedCall[] = [];
    const store = timed(s3JobStore(s3Client(readAwsSettings(process.env)), { input, output }), calls);
    const config = loadConfig({});
    for (const [batchId, label] of [
      ['full', `full load of ${opts.rentals} rentals`],
      ['incremental', `incremental batch of ${opts.batch} rentals into ${opts.rentals}`],
    ] as const) {
      const started = performance.now();
      calls.length = 0;
      const result = await runBatchJob({ batchId, config, store, workDir: join(scratch, batchId) });
      printRun(label, result, (performance.now() - started) / 1000);
      printCalls(calls);
      const folder = await kept(s3, output, `batches/${batchId}/`);
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: output, Prefix: 'warehouse/' }));
      print(
        `  kept: ${folder.objects} objects under batches/${batchId}/ (${mib(folder.bytes)}) + 1 warehouse version (${mib(result.transfers.warehouseBytes)}; ` +
          `${versions.Versions?.length ?? 0} versions in the bucket so far, noncurrent ones expire after NoncurrentVersionExpirationDays); ` +
          `before this release the batch also uploaded batches/${batchId}/rentas.db, another ${mib(result.transfers.warehouseBytes)}`,
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function measureNotify(server: MotoServer): Promise<void> {
  const n = await notifyFigures(server, OUTPUTS, { warehouse: true });
  const cpu = n.cpu.userMs + n.cpu.systemMs;
  print(
    `index-output, manifest of ${OUTPUTS} outputs + the warehouse: ${n.sent} notifications in ${n.calls} SendMessageBatch calls (target <= 101), ${n.distinct} distinct arrived; ` +
      `handler CPU ${cpu.toFixed(0)} ms (user ${n.cpu.userMs.toFixed(0)}, system ${n.cpu.systemMs.toFixed(0)}); ` +
      `handler wall ${n.seconds.toFixed(2)} s, of which ${n.sqsSeconds.toFixed(2)} s added up inside SendMessageBatch calls (moto's time; several run at once)`,
  );
}

async function main(): Promise<number> {
  if (!motoAvailable()) {
    print("bench:aws needs moto_server on PATH; install it with `pip install 'moto[server]'`");
    return 2;
  }
  const opts = options();
  const generator = join(dirname(fileURLToPath(import.meta.url)), 'generate.js');
  const server = await startMoto();
  const restoreEnv = applyMotoEnv({ ...server.env, ...BENCH_SDK_ENV });
  try {
    await measureBatches(server, opts, generator);
    await measureNotify(server);
    return 0;
  } finally {
    restoreEnv();
    await server.stop();
  }
}

process.exitCode = await main();
