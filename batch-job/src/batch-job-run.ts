import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { basename, join } from 'node:path';
import type { EtlConfig } from './core/config.js';
import { ErrorCode, EtlError, ioFault } from '../../common/errors.js';
import type { Manifest, OutputEntry } from '../../common/manifest.js';
import { retry } from '../../common/retry.js';
import { type ProgressEvent, runEtl } from './core/run-etl.js';
import { tableForFile } from '../../common/tables/index.js';
import { batchApplied } from './core/warehouse.js';
import { LEDGER_TABLE } from './core/warehouse-names.js';

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

/** What the Batch job needs from the object store (S3 in production, moto in tests). */
export interface JobStore {
  /** Input objects under a prefix, with their ETags (which change with their content). */
  listInput(prefix: string): Promise<{ key: string; etag: string }[]>;
  downloadInput(key: string, path: string): Promise<void>;
  /** Downloads an output-bucket object; undefined when it does not exist. */
  downloadOutput(key: string, path: string): Promise<{ etag: string } | undefined>;
  uploadOutput(key: string, path: string, contentType: string): Promise<void>;
  /** Copies an output-bucket object to another key; false when the source does not exist. */
  copyOutput(from: string, to: string): Promise<boolean>;
  /** A conditional write: 'conflict' when the condition failed (another writer won). */
  putOutputIf(key: string, path: string, condition: WriteCondition): Promise<'written' | 'conflict'>;
}

/**
 * Fault-injection hook: the points of a run where the crash tests stop the process
 * (tests/integration/crash-safety.test.ts, through RENTAS_TEST_STOP_AT in job.ts).
 */
export const STOP_POINTS = ['after-download', 'during-load', 'after-exports', 'before-warehouse-write', 'after-warehouse-write'] as const;
export type StopPoint = (typeof STOP_POINTS)[number];

export interface BatchJobInput {
  readonly batchId: string;
  readonly config: EtlConfig;
  readonly store: JobStore;
  readonly workDir: string;
  /** How many times to re-apply the batch when another job replaced the warehouse first. */
  readonly maxAttempts?: number;
  readonly log?: (message: string, data?: Record<string, unknown>) => void;
  /** Fault-injection hook for tests: called as the run passes each stop point. */
  readonly reached?: (point: StopPoint) => void;
}

export interface BatchJobResult {
  readonly manifest: Manifest;
  readonly exitCode: 0 | 1;
  readonly attempts: number;
}

/** A download's fault of the machine (a full scratch disk) is named as one: the job retries it. */
async function onDisk<T>(download: Promise<T>, doing: string): Promise<T> {
  try {
    return await download;
  } catch (e) {
    throw ioFault(e, doing) ?? e;
  }
}

/** The manifest of the attempt that is about to replace the warehouse (no trigger listens to it). */
export const PENDING_MANIFEST = 'manifest.pending.json';

function alreadyApplied(dbPath: string, batchId: string, fingerprint: string): boolean {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT name FROM sqlite_master WHERE name = ?`).get(LEDGER_TABLE) !== undefined && batchApplied(db, batchId, fingerprint);
  } finally {
    db.close();
  }
}

const exitCodeOf = (manifest: Manifest): 0 | 1 => (Object.values(manifest.tables).some((t) => t.status === 'rejected') ? 1 : 0);

/** Another job replaced the warehouse first, on every attempt so far. */
const contention = (attempts: number) =>
  new EtlError(ErrorCode.WAREHOUSE_CONTENTION, `The warehouse kept changing under this job: gave up after ${attempts} attempts (another job wins each race).`);
const isContention = (e: unknown) => e instanceof EtlError && e.code === ErrorCode.WAREHOUSE_CONTENTION;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};
const contentType = (path: string) => CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/vnd.sqlite3';

/**
 * Runs one batch on AWS: downloads its files and the current warehouse, runs the ETL core,
 * uploads the outputs, then replaces the warehouse only if nobody else did meanwhile (ETag
 * condition); on a lost race it starts again from the newer warehouse. `manifest.json` is
 * written last, so its presence means the batch is complete.
 */
export async function runBatchJob(input: BatchJobInput): Promise<BatchJobResult> {
  const { batchId, config, store, workDir } = input;
  const log = input.log ?? (() => undefined);
  const reached = input.reached;
  const maxAttempts = input.maxAttempts ?? 5;
  const inputDir = join(workDir, 'input');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });

  const prefix = `incoming/${batchId}/`;
  const objects = (await store.listInput(prefix)).filter(({ key }) => !key.slice(prefix.length).includes('/') && tableForFile(basename(key)));
  // The upload check submits a batch only once it holds a table file: none now means they
  // were deleted (or BATCH_ID is wrong). Loading nothing would announce an empty success,
  // and on a re-run overwrite the batch's real manifest.
  if (objects.length === 0) {
    throw new EtlError(ErrorCode.RUN_FAILED, `${prefix} holds no table file of the pipeline in the input bucket: nothing to load (deleted after the upload check, or a wrong BATCH_ID).`);
  }
  for (const { key } of objects) await onDisk(store.downloadInput(key, join(inputDir, basename(key))), `downloading ${key} into ${inputDir}`);
  // Same files, same content: same fingerprint. It tells a re-run of this batch from new data.
  const fingerprint = createHash('sha256')
    .update(objects.map(({ key, etag }) => `${key}\u0000${etag}`).sort().join('\n'))
    .digest('hex');
  log('batch files downloaded', { files: objects.map(({ key }) => basename(key)), fingerprint });

  const warehouseKey = `warehouse/${config.dbFile}`;
  const batchPrefix = `batches/${batchId}/`;
  const pendingKey = `${batchPrefix}${PENDING_MANIFEST}`;
  // A lost race is retried at once: each attempt is a whole run, and the ETag decides.
  return retry(applyOnce, { attempts: maxAttempts, baseDelayMs: 0, retryIf: isContention });

  async function applyOnce(attempt: number): Promise<BatchJobResult> {
    const outDir = join(workDir, `out-${attempt}`);
    mkdirSync(outDir, { recursive: true });
    const dbPath = join(outDir, config.dbFile);
    const current = await onDisk(store.downloadOutput(warehouseKey, dbPath), `downloading ${warehouseKey} to ${dbPath}`);
    log('warehouse downloaded', { attempt, etag: current?.etag ?? null });
    reached?.('after-download');

    // A job that stopped after replacing the warehouse but before publishing its manifest:
    // the rows are in, so publish that run's manifest instead of counting them again.
    if (current && alreadyApplied(dbPath, batchId, fingerprint) && (await store.copyOutput(pendingKey, `${batchPrefix}manifest.json`))) {
      log('batch already in the warehouse, manifest published', { attempt });
      const manifestPath = join(outDir, 'manifest.json');
      await store.downloadOutput(`${batchPrefix}manifest.json`, manifestPath);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      return { manifest, exitCode: exitCodeOf(manifest), attempts: attempt };
    }

    const onProgress = reached && ((e: ProgressEvent) => e.stage === 'table' && reached('during-load'));
    const { manifest, exitCode } = await runEtl({ config, inputDir, outDir, dbPath, batchId, parseInWorker: true, fingerprint, onProgress, buildInPlace: true, warehouseKey });
    const outputs: OutputEntry[] = [];
    for (const o of manifest.outputs) {
      const key = `${batchPrefix}${o.path}`;
      await store.uploadOutput(key, join(outDir, o.path), contentType(o.path));
      outputs.push({ ...o, path: key });
    }
    reached?.('after-exports');
    const database = manifest.outputs.find((o) => o.kind === 'database')!;
    outputs.push({ ...database, path: warehouseKey });
    const final: Manifest = { ...manifest, outputs };
    const manifestPath = join(outDir, 'manifest.json');
    writeFileSync(manifestPath, `${JSON.stringify(final, null, 2)}\n`);
    // Written before the warehouse, published after it: see the already-applied case above.
    await store.uploadOutput(pendingKey, manifestPath, 'application/json');
    reached?.('before-warehouse-write');

    const written = await store.putOutputIf(warehouseKey, dbPath, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
    if (written === 'conflict') {
      log('warehouse changed by another job, re-applying the batch', { attempt, batchId });
      rmSync(outDir, { recursive: true, force: true });
      throw contention(attempt);
    }
    reached?.('after-warehouse-write');
    await store.uploadOutput(`${batchPrefix}manifest.json`, manifestPath, 'application/json');
    log('batch complete', { attempt, status: final.status });
    return { manifest: final, exitCode, attempts: attempt };
  }
}
