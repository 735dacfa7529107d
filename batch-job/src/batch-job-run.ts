import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EtlConfig } from './core/config.js';
import type { Manifest, OutputEntry } from './core/manifest.js';
import { runEtl } from './core/run-etl.js';
import { tableForFile } from './core/tables/index.js';

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

/** What the Batch job needs from the object store (S3 in production, moto in tests). */
export interface JobStore {
  listInput(prefix: string): Promise<string[]>;
  downloadInput(key: string, path: string): Promise<void>;
  /** Downloads an output-bucket object; undefined when it does not exist. */
  downloadOutput(key: string, path: string): Promise<{ etag: string } | undefined>;
  uploadOutput(key: string, path: string, contentType: string): Promise<void>;
  /** A conditional write: 'conflict' when the condition failed (another writer won). */
  putOutputIf(key: string, path: string, condition: WriteCondition): Promise<'written' | 'conflict'>;
}

export interface BatchJobInput {
  readonly batchId: string;
  readonly config: EtlConfig;
  readonly store: JobStore;
  readonly workDir: string;
  /** How many times to re-apply the batch when another job replaced the warehouse first. */
  readonly maxAttempts?: number;
  readonly log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface BatchJobResult {
  readonly manifest: Manifest;
  readonly exitCode: 0 | 1;
  readonly attempts: number;
}

export class WarehouseContentionError extends Error {
  constructor(attempts: number) {
    super(`The warehouse kept changing under this job: gave up after ${attempts} attempts (another job wins each race).`);
    this.name = 'WarehouseContentionError';
  }
}

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
  const maxAttempts = input.maxAttempts ?? 5;
  const inputDir = join(workDir, 'input');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });

  const prefix = `incoming/${batchId}/`;
  const keys = (await store.listInput(prefix)).filter((k) => !k.slice(prefix.length).includes('/') && tableForFile(basename(k)));
  for (const key of keys) await store.downloadInput(key, join(inputDir, basename(key)));
  log('batch files downloaded', { files: keys.map((k) => basename(k)) });

  const warehouseKey = `warehouse/${config.dbFile}`;
  const batchPrefix = `batches/${batchId}/`;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outDir = join(workDir, `out-${attempt}`);
    mkdirSync(outDir, { recursive: true });
    const dbPath = join(outDir, config.dbFile);
    const current = await store.downloadOutput(warehouseKey, dbPath);
    log('warehouse downloaded', { attempt, etag: current?.etag ?? null });

    const { manifest, exitCode } = await runEtl({ config, inputDir, outDir, dbPath, batchId, parseInWorker: true });
    const outputs: OutputEntry[] = [];
    for (const o of manifest.outputs) {
      const key = `${batchPrefix}${o.path}`;
      await store.uploadOutput(key, join(outDir, o.path), contentType(o.path));
      outputs.push({ ...o, path: key });
    }
    const database = manifest.outputs.find((o) => o.kind === 'database')!;
    const written = await store.putOutputIf(warehouseKey, dbPath, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
    if (written === 'conflict') {
      log('warehouse changed by another job, re-applying the batch', { attempt, batchId });
      rmSync(outDir, { recursive: true, force: true });
      continue;
    }
    outputs.push({ ...database, path: warehouseKey });
    const final: Manifest = { ...manifest, outputs };
    const manifestPath = join(outDir, 'manifest.json');
    writeFileSync(manifestPath, `${JSON.stringify(final, null, 2)}\n`);
    await store.uploadOutput(`${batchPrefix}manifest.json`, manifestPath, 'application/json');
    log('batch complete', { attempt, status: final.status });
    return { manifest: final, exitCode, attempts: attempt };
  }
  throw new WarehouseContentionError(maxAttempts);
}
