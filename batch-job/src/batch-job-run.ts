import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { basename, join } from 'node:path';
import type { EtlConfig } from './core/config.js';
import { ErrorCode, EtlError, ioFault } from '../../common/errors.js';
import type { Manifest, OutputEntry } from '../../common/manifest.js';
import { retry } from '../../common/retry.js';
import { t } from '../../common/i18n/index.js';
import { type ProgressEvent, runEtl } from './core/run-etl.js';
import { tableForFile } from '../../common/tables/index.js';
import { batchApplied } from './core/warehouse.js';
import { LEDGER_TABLE } from './core/warehouse-names.js';

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

/** What the warehouse object carries in its metadata, so a later run can find the version it wrote. */
export interface WarehouseStamp {
  readonly batchId: string;
  readonly sha256: string;
}

/** What the Batch job needs from the object store (S3 in production, moto in tests). */
export interface JobStore {
  /** Input objects under a prefix, with their ETags (which change with their content). */
  listInput(prefix: string): Promise<{ key: string; etag: string }[]>;
  downloadInput(key: string, path: string): Promise<void>;
  /** Downloads an output-bucket object; undefined when it does not exist. */
  downloadOutput(key: string, path: string): Promise<{ etag: string } | undefined>;
  uploadOutput(key: string, path: string, contentType: string): Promise<void>;
  /** Output-bucket keys under a prefix. */
  listOutput(prefix: string): Promise<string[]>;
  deleteOutput(keys: string[]): Promise<void>;
  /**
   * The conditional write of the warehouse, stamped with the batch id and sha256: the version
   * S3 gave it (null in a bucket without versioning), or 'conflict' when the condition failed
   * (another writer won).
   */
  putWarehouseIf(key: string, path: string, condition: WriteCondition, stamp: WarehouseStamp): Promise<{ versionId: string | null } | 'conflict'>;
  /** The version of `key` that carries this stamp: the current one, else an older one; undefined when none does. */
  findWarehouseVersion(key: string, stamp: WarehouseStamp): Promise<{ versionId: string | null } | undefined>;
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
  /** What the run moved, every attempt included. */
  readonly transfers: Transfers;
}

/** Bytes a run moved to and from the object store, counted from the local files it sent or received. */
export interface Transfers {
  /** The batch's input files and each attempt's copy of the warehouse (and a pending manifest read back). */
  downloadedBytes: number;
  /** Warehouse writes, a lost race's included. */
  warehouseBytes: number;
  /** Everything written under `batches/<id>/`: exports, rejects, report, the two manifests. */
  outputBytes: number;
  outputObjects: number;
}

/** The store, counting what goes through it into `transfers`. */
function counting(store: JobStore, transfers: Transfers): JobStore {
  const size = (path: string) => statSync(path).size;
  return {
    ...store,
    async downloadInput(key, path) {
      await store.downloadInput(key, path);
      transfers.downloadedBytes += size(path);
    },
    async downloadOutput(key, path) {
      const found = await store.downloadOutput(key, path);
      if (found) transfers.downloadedBytes += size(path);
      return found;
    },
    async uploadOutput(key, path, type) {
      await store.uploadOutput(key, path, type);
      transfers.outputBytes += size(path);
      transfers.outputObjects++;
    },
    async putWarehouseIf(key, path, condition, stamp) {
      const written = await store.putWarehouseIf(key, path, condition, stamp);
      transfers.warehouseBytes += size(path);
      return written;
    },
  };
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
const contention = (attempts: number) => new EtlError(ErrorCode.WAREHOUSE_CONTENTION, t().jobContention({ attempts }));
const isContention = (e: unknown) => e instanceof EtlError && e.code === ErrorCode.WAREHOUSE_CONTENTION;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};
const contentType = (path: string) => CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

/**
 * Runs one batch on AWS: downloads its files and the current warehouse, runs the ETL core,
 * uploads the outputs, then replaces the warehouse only if nobody else did meanwhile (ETag
 * condition); on a lost race it starts again from the newer warehouse. `manifest.json` is
 * written last, so its presence means the batch is complete; its `warehouse` block names the
 * version S3 gave the write (contract §5).
 */
export async function runBatchJob(input: BatchJobInput): Promise<BatchJobResult> {
  const { batchId, config, workDir } = input;
  const transfers: Transfers = { downloadedBytes: 0, warehouseBytes: 0, outputBytes: 0, outputObjects: 0 };
  const store = counting(input.store, transfers);
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
    throw new EtlError(ErrorCode.RUN_FAILED, t().jobNoTableFile({ prefix }));
  }
  for (const { key } of objects) await onDisk(store.downloadInput(key, join(inputDir, basename(key))), t().jobDownloading({ key, path: inputDir }));
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
    const current = await onDisk(store.downloadOutput(warehouseKey, dbPath), t().jobDownloading({ key: warehouseKey, path: dbPath }));
    log('warehouse downloaded', { attempt, etag: current?.etag ?? null });
    reached?.('after-download');

    // A job that stopped after replacing the warehouse but before publishing its manifest:
    // the rows are in, so publish that run's manifest instead of counting them again.
    if (current && alreadyApplied(dbPath, batchId, fingerprint)) {
      const published = await republish(outDir);
      if (published) {
        log('batch already in the warehouse, manifest published', { attempt, versionId: published.warehouse?.versionId ?? null });
        return { manifest: published, exitCode: exitCodeOf(published), attempts: attempt, transfers };
      }
    }

    const onProgress = reached && ((e: ProgressEvent) => e.stage === 'table' && reached('during-load'));
    const { manifest, exitCode } = await runEtl({ config, inputDir, outDir, dbPath, batchId, parseInWorker: true, fingerprint, onProgress, buildInPlace: true, warehouseKey });
    // The warehouse is named by the manifest's `warehouse` block (its key and version), never
    // uploaded a second time under the batch's folder.
    const outputs: OutputEntry[] = [];
    for (const o of manifest.outputs.filter((o) => o.kind !== 'database')) {
      const key = `${batchPrefix}${o.path}`;
      await store.uploadOutput(key, join(outDir, o.path), contentType(o.path));
      outputs.push({ ...o, path: key });
    }
    await removeUnpublished(outputs.map((o) => o.path));
    reached?.('after-exports');
    const warehouse = manifest.warehouse!;
    const pending: Manifest = { ...manifest, outputs };
    // Written before the warehouse, published after it: see the already-applied case above.
    await store.uploadOutput(pendingKey, writeManifest(outDir, PENDING_MANIFEST, pending), 'application/json');
    reached?.('before-warehouse-write');

    const condition: WriteCondition = current ? { ifMatch: current.etag } : { ifNoneMatch: '*' };
    const written = await store.putWarehouseIf(warehouseKey, dbPath, condition, { batchId, sha256: warehouse.sha256 });
    if (written === 'conflict') {
      log('warehouse changed by another job, re-applying the batch', { attempt, batchId });
      rmSync(outDir, { recursive: true, force: true });
      throw contention(attempt);
    }
    reached?.('after-warehouse-write');
    const final: Manifest = { ...pending, warehouse: { ...warehouse, versionId: written.versionId } };
    await store.uploadOutput(`${batchPrefix}manifest.json`, writeManifest(outDir, 'manifest.json', final), 'application/json');
    log('batch complete', { attempt, status: final.status, versionId: written.versionId, transfers });
    return { manifest: final, exitCode, attempts: attempt, transfers };
  }

  /**
   * Publishes the pending manifest of the run that wrote the warehouse, with the version it
   * wrote recovered from the object's stamp; undefined when there is no pending manifest.
   */
  async function republish(outDir: string): Promise<Manifest | undefined> {
    const pendingPath = join(outDir, PENDING_MANIFEST);
    if (!(await store.downloadOutput(pendingKey, pendingPath))) return undefined;
    const pending = JSON.parse(readFileSync(pendingPath, 'utf8')) as Manifest;
    const manifest = await withRecoveredVersion(pending);
    await store.uploadOutput(`${batchPrefix}manifest.json`, writeManifest(outDir, 'manifest.json', manifest), 'application/json');
    return manifest;
  }

  async function withRecoveredVersion(manifest: Manifest): Promise<Manifest> {
    const warehouse = manifest.warehouse;
    // A pending manifest from before the warehouse block (contract §5) is published as it is.
    if (!warehouse || warehouse.versionId !== null) return manifest;
    const found = await store.findWarehouseVersion(warehouse.key, { batchId, sha256: warehouse.sha256 });
    if (found) return { ...manifest, warehouse: { ...warehouse, versionId: found.versionId } };
    const warning = t().jobWarehouseVersionNotFound({ key: warehouse.key, batchId });
    return { ...manifest, warnings: [...(manifest.warnings ?? []), warning] };
  }

  /**
   * Removes what an earlier attempt or run left under the batch's folder that this run does
   * not publish (a whole aggregate export from a lost race, rejects the newer warehouse no
   * longer gives, an old copy of the warehouse): the folder holds one run's outputs only.
   */
  async function removeUnpublished(published: string[]): Promise<void> {
    const keep = new Set([...published, pendingKey, `${batchPrefix}manifest.json`]);
    const stale = (await store.listOutput(batchPrefix)).filter((key) => !keep.has(key));
    if (stale.length === 0) return;
    await store.deleteOutput(stale);
    log('stale batch outputs removed', { keys: stale });
  }
}

function writeManifest(outDir: string, name: string, manifest: Manifest): string {
  const path = join(outDir, name);
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}
