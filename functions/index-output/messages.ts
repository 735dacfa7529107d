/**
 * The notification bodies, built from the documents the pipeline writes (manifest, rejection
 * record) and from Batch job events. Pure functions: no I/O, no clock.
 */
import type { BatchStatus, Manifest, OutputEntry, TableKey, WarehouseVersion } from '../../common/manifest.js';
import { TABLE_KEYS } from '../../common/manifest.js';
import { makeDedupeKey, type Notification, type NotificationType } from './notifications.js';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import { boundNotification } from './bound.js';

const BATCH_TYPE: Record<BatchStatus, NotificationType> = {
  succeeded: 'batch.succeeded',
  partial: 'batch.partial',
  failed: 'batch.failed',
};

/** Where a document was read from, and the fallbacks for what it may lack. */
export interface ObjectContext {
  bucket: string;
  key: string;
  eTag?: string;
  /** The batch id read from the key, used when the document has none. */
  batchId: string;
  /** The S3 event time, used when the document carries no time of its own. */
  occurredAt: string;
}

/** Top-level folders of the output bucket: an output path starting with one is already a key. */
const BUCKET_FOLDERS = ['batches/', 'warehouse/', 'rejected/'];

/**
 * The object key of an output. The contract says `path` is the key on AWS; a path relative
 * to the batch folder (as the local CLI writes them) is resolved against the manifest's
 * folder, so a job that writes local-style paths still yields keys that exist.
 */
export function outputKey(path: string, manifestKey: string): string {
  const clean = path.replace(/^\.?\/+/, '');
  if (BUCKET_FOLDERS.some((f) => clean.startsWith(f))) return clean;
  return `${manifestKey.slice(0, manifestKey.lastIndexOf('/') + 1)}${clean}`;
}

/** A manifest → one batch.<status> summary and one output.available per output, each within the size bound. */
export function manifestNotifications(json: unknown, ctx: ObjectContext): Notification[] {
  const manifest = checkManifest(json, ctx);
  const batchId = typeof manifest.batchId === 'string' && manifest.batchId ? manifest.batchId : ctx.batchId;
  const type = BATCH_TYPE[manifest.status];
  const occurredAt = manifest.finishedAt || ctx.occurredAt;
  const tables = summarizeTables(manifest);
  const warehouse = warehouseOf(manifest);
  const announced = [...manifest.outputs];
  // On AWS the warehouse is named by the manifest's `warehouse` block (contract §5), not by an output.
  if (warehouse && !announced.some((o) => outputKey(o.path, ctx.key) === warehouse.key)) {
    announced.push({ kind: 'database', path: warehouse.key, bytes: warehouse.bytes, sha256: warehouse.sha256 });
  }
  const summary: Notification = {
    type,
    batchId,
    dedupeKey: makeDedupeKey(type, batchId, ctx.key, ctx.eTag),
    occurredAt,
    status: manifest.status,
    bucket: ctx.bucket,
    manifestKey: ctx.key,
    startedAt: manifest.startedAt,
    finishedAt: manifest.finishedAt,
    ...(manifest.error ? { error: manifest.error } : {}),
    tables,
    totals: totals(tables),
    aggregateRows: manifest.aggregate?.rows ?? 0,
    topVehicle: manifest.top?.[0] ?? null,
    outputCount: announced.length,
  };
  const outputs = announced.map((o: OutputEntry): Notification => {
    const key = outputKey(o.path, ctx.key);
    return {
      type: 'output.available',
      batchId,
      dedupeKey: makeDedupeKey('output.available', batchId, key, o.sha256),
      occurredAt,
      bucket: ctx.bucket,
      key,
      bytes: o.bytes,
      sha256: o.sha256,
      kind: o.kind,
      manifestKey: ctx.key,
      // The exact version the batch produced: a consumer reads it with GetObject VersionId.
      ...(warehouse && key === warehouse.key ? { versionId: warehouse.versionId } : {}),
    };
  });
  return [boundNotification(summary), ...outputs.map((o) => boundNotification(o))];
}

/** The manifest's `warehouse` block when it is well formed (manifests from before it have none). */
function warehouseOf(manifest: Manifest): WarehouseVersion | undefined {
  const w: unknown = manifest.warehouse;
  if (!isObject(w) || typeof w.key !== 'string' || !w.key || typeof w.bytes !== 'number' || typeof w.sha256 !== 'string') return undefined;
  return { ...(w as unknown as WarehouseVersion), versionId: typeof w.versionId === 'string' ? w.versionId : null };
}

function checkManifest(json: unknown, ctx: ObjectContext): Manifest {
  const invalid = (problem: string): EtlError =>
    new EtlError(ErrorCode.MANIFEST_INVALID, t().indexNotManifest({ place: `s3://${ctx.bucket}/${ctx.key}`, problem }), ctx);
  const problem = t().indexProblem;
  if (!isObject(json)) throw invalid(problem.notObject);
  if (!(json.status === 'succeeded' || json.status === 'partial' || json.status === 'failed')) {
    throw invalid(t().indexBadStatus({ got: String(JSON.stringify(json.status)) }));
  }
  if (!Array.isArray(json.outputs)) throw invalid(problem.outputsNotList);
  json.outputs.forEach((o, i) => {
    if (!isObject(o) || typeof o.path !== 'string' || !o.path || typeof o.bytes !== 'number' || typeof o.sha256 !== 'string' || typeof o.kind !== 'string') {
      throw invalid(t().indexBadOutput({ index: i }));
    }
  });
  if (json.tables !== undefined && !isObject(json.tables)) throw invalid(problem.tablesNotObject);
  return json as unknown as Manifest;
}

type TableCounts = { file: string | null; status: string; rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number; error?: string };

function summarizeTables(manifest: Manifest): Partial<Record<TableKey, TableCounts>> {
  const out: Partial<Record<TableKey, TableCounts>> = {};
  for (const name of TABLE_KEYS) {
    const t = manifest.tables?.[name];
    if (!t) continue;
    out[name] = {
      file: t.file ?? null,
      status: t.status,
      rowsRead: t.rowsRead ?? 0,
      inserted: t.inserted ?? 0,
      updated: t.updated ?? 0,
      unchanged: t.unchanged ?? 0,
      rejected: t.rejected ?? 0,
      ...(t.error ? { error: t.error } : {}),
    };
  }
  return out;
}

function totals(tables: Partial<Record<TableKey, TableCounts>>): Omit<TableCounts, 'file' | 'status' | 'error'> {
  const sum = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const t of Object.values(tables)) {
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += t[k];
  }
  return sum;
}

/** A `rejected/<batch-id>/<file>.error.json` record → file.rejected, within the size bound. */
export function rejectedNotification(json: unknown, ctx: ObjectContext): Notification {
  const invalid = (problem: string): EtlError =>
    new EtlError(ErrorCode.ERROR_FILE_INVALID, t().indexNotRejection({ place: `s3://${ctx.bucket}/${ctx.key}`, problem }), ctx);
  if (!isObject(json)) throw invalid(t().indexProblem.notObject);
  if (typeof json.error !== 'string' || !json.error) throw invalid(t().indexProblem.errorNotSentence);
  const batchId = typeof json.batchId === 'string' && json.batchId ? json.batchId : ctx.batchId;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return boundNotification({
    type: 'file.rejected',
    batchId,
    dedupeKey: makeDedupeKey('file.rejected', batchId, ctx.key, ctx.eTag),
    occurredAt: typeof json.checkedAt === 'string' && json.checkedAt ? json.checkedAt : ctx.occurredAt,
    key: typeof json.key === 'string' ? json.key : null,
    inputBucket: typeof json.bucket === 'string' ? json.bucket : null,
    file: typeof json.file === 'string' ? json.file : null,
    table: typeof json.table === 'string' ? json.table : null,
    code: typeof json.code === 'string' ? json.code : null,
    error: json.error,
    expected: strings(json.expected),
    found: strings(json.found),
    errorBucket: ctx.bucket,
    errorKey: ctx.key,
  });
}

/** The parts of an EventBridge "Batch Job State Change" event that are read. */
export interface BatchJobStateChange {
  source: 'aws.batch';
  'detail-type': 'Batch Job State Change';
  time?: string;
  detail: {
    jobId: string;
    jobName: string;
    jobQueue?: string;
    status: string;
    statusReason?: string;
    stoppedAt?: number;
    parameters?: Record<string, string>;
    container?: { environment?: Array<{ name?: string; value?: string }>; exitCode?: number; reason?: string; logStreamName?: string };
  };
}

/**
 * The batch id of a job: its BATCH_ID environment variable, else a `batchId` job parameter,
 * else read from the job name `rentas-<readable id>-<8 hex>` (shared/keys.ts jobNameFor). Job
 * names cannot hold spaces or accents, so the name is only a lossy last resort.
 */
export function batchIdOfJob(detail: BatchJobStateChange['detail']): string {
  const fromEnv = detail.container?.environment?.find((e) => e.name === 'BATCH_ID')?.value;
  if (fromEnv) return fromEnv;
  if (detail.parameters?.batchId) return detail.parameters.batchId;
  return /^(?:rentas-)?(.+?)(?:-(?:[0-9a-f]{8}|\d{9,}))?$/.exec(detail.jobName)?.[1] ?? detail.jobName;
}

/** A FAILED job → batch.failed, within the size bound. `fallbackTime` is used when the event has no stoppedAt. */
export function batchFailedNotification(event: BatchJobStateChange, fallbackTime: string): Notification {
  const d = event.detail;
  const batchId = batchIdOfJob(d);
  return boundNotification({
    type: 'batch.failed',
    batchId,
    dedupeKey: makeDedupeKey('batch.failed', batchId, d.jobId),
    occurredAt: d.stoppedAt ? new Date(d.stoppedAt).toISOString() : fallbackTime,
    jobId: d.jobId,
    jobName: d.jobName,
    jobQueue: d.jobQueue ?? null,
    statusReason: d.statusReason ?? null,
    exitCode: d.container?.exitCode ?? null,
    reason: d.container?.reason ?? null,
    logStreamName: d.container?.logStreamName ?? null,
  });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An ISO time in UTC; a time without zone (moto writes those) is read as UTC. */
export function isoTime(value: string | undefined, now: Date): string {
  if (value) {
    const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return now.toISOString();
}
