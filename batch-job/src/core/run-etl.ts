import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { type AggregateRefresh, beginAggregateRefresh, topVehicles } from './aggregate.js';
import type { ChangeTracking } from './aggregate-changes.js';
import type { EtlConfig } from './config.js';
import { EtlError, ErrorCode, FileRejectedError, ioFault, messageOf } from '../../../common/errors.js';
import { describeFile, exportPaths, type ExportRun, groupsExportSource, startExports, startGroupsExport, writeAggregateChanges, writeTopCsv, type WrittenFile } from './exports.js';
import { type BatchContents, findInputFiles } from './input-files.js';
import { t } from '../../../common/i18n/index.js';
import { hasRows, loadTable } from './load-table.js';
import { openWarehouseFrom, SCHEMA_VERSION, schemaVersion, SEQUENCE_VERSION } from './migrations.js';
import { allRowsRejected, type InputEntry, TABLE_KEYS, type Manifest, type OutputEntry, type OutputKind, type TableKey, type TableReport } from '../../../common/manifest.js';
import { rowSource } from './row-source.js';
import { renderReport } from './report/index.js';
import { rentalsCounted } from './rollups.js';
import { type TableContract, tableContracts } from '../../../common/tables/index.js';
import type { IdRange } from './id-set.js';
import { type Db, loadIds, recordBatch, tuneForBuild, tuneForTransaction } from './warehouse.js';
import { LEDGER_TABLE } from './warehouse-names.js';
import { buildPath, checkRunPaths, cloneWarehouse, forceToDisk, makeFolder, removeOrphanBuilds, removeStrayJournals, resolveWarehousePath, settleWarehouse } from './warehouse-file.js';
import { acquireWarehouseLock } from './warehouse-lock.js';

export interface RunEtlOptions {
  readonly config: EtlConfig;
  /** Folder holding the batch's files. */
  readonly inputDir: string;
  /** Folder that receives the database (unless `dbPath`), exports, rejects and manifest. */
  readonly outDir: string;
  /** An existing (or new) warehouse to load into; default: a new `<outDir>/<RENTAL_CAR_DB>`. */
  readonly dbPath?: string;
  readonly batchId?: string;
  readonly now?: () => Date;
  /** Parse CSV in a worker thread while the main thread validates and inserts. */
  readonly parseInWorker?: boolean;
  /** With `parseInWorker`, a file smaller than this (bytes as stored) is parsed in this thread; default PARSE_THREAD_MIN_BYTES. */
  readonly parseThreadMinBytes?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Identifies the batch's input files; recorded in the warehouse's ledger with the batch id.
   * Without it the run hashes the files it loads (name, bytes, SHA-256), lists them in the
   * manifest's `inputs` and records the hash of that list.
   */
  readonly fingerprint?: string;
  /**
   * `dbPath` is the caller's own scratch copy (the Batch job's download): build in it directly
   * instead of copying it first. A failed run leaves it unusable, and it is removed.
   */
  readonly buildInPlace?: boolean;
  /** How long to wait for another run's lock on the warehouse (LOCK_WAIT_SECONDS); default 30. */
  readonly lockWaitSeconds?: number;
  /** The manifest's `warehouse.key`: the object key on AWS; default the `dbPath` as given, else the file name in `outDir`. */
  readonly warehouseKey?: string;
  /** Fault-injection hook for the crash tests: called as a run that writes the warehouse in one transaction passes each point. */
  readonly reached?: (point: CommitPoint) => void;
}

/** Where the crash tests stop a run that writes the warehouse in one transaction (RENTAS_TEST_STOP_AT). */
export const COMMIT_POINTS = ['before-commit', 'after-commit'] as const;
export type CommitPoint = (typeof COMMIT_POINTS)[number];

/**
 * How a run writes the warehouse:
 * - `scratch`: the caller's own private copy (the Batch job's download), written directly;
 * - `copy`: a private copy beside the warehouse, renamed over it once the whole run succeeded
 *   (a new warehouse, a schema migration, the rebuild path, a whole aggregate export);
 * - `transaction`: the warehouse itself, in one SQLite transaction under a rollback journal,
 *   for a batch that takes the incremental path and publishes only the changes: it costs what
 *   the batch changes, where a copy costs the whole warehouse twice (copy and flush).
 */
type BuildMode = 'scratch' | 'copy' | 'transaction';

/**
 * Starting the parser thread costs about 0.1 s (a fresh V8 and its bundle), and the id sets of
 * the warehouse are copied into it: below about 1 MiB (some 13 000 rentals) parsing in this
 * thread is sooner done, and that is the size of a daily batch.
 */
export const PARSE_THREAD_MIN_BYTES = 1 << 20;

export type ProgressEvent =
  | { stage: 'table'; table: TableKey; file: string; rowsRead: number; bytesRead: number; bytesTotal: number }
  | { stage: 'aggregate' | 'exports' | 'done' };

export interface RunEtlResult {
  readonly manifest: Manifest;
  /** 0: every file accepted; 1: some file rejected whole, or every data row of a file rejected (contract §7). */
  readonly exitCode: 0 | 1;
  readonly manifestPath: string;
  /** Seconds spent per stage (tables, aggregate, exports, report, outputs), for profiling. */
  readonly timings: Record<string, number>;
}

const emptyReport = (status: TableReport['status'], file: string | null): TableReport => ({
  file,
  status,
  warnings: [],
  rowsRead: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  rejectsWritten: 0,
});

/**
 * Runs one batch: loads the files present (dimensions first), rebuilds the aggregate, writes
 * the exports, rejects and manifest. The warehouse is never left half-written: it is built in
 * a private copy renamed into place only when everything succeeded, or, for a small batch into
 * a --db warehouse, written in one SQLite transaction (see BuildMode).
 */
export async function runEtl(options: RunEtlOptions): Promise<RunEtlResult> {
  try {
    return await runLocked(options);
  } catch (e) {
    throw e instanceof EtlError ? e : new EtlError(ErrorCode.RUN_FAILED, t().runFailed({ cause: messageOf(e) }), {}, { cause: e });
  }
}

/**
 * Checks the paths (a folder without any table file ends the run here, BATCH_EMPTY, before
 * anything is written), locks the warehouse (unless the caller's copy is private), clears what the
 * last run left, and builds.
 */
async function runLocked(options: RunEtlOptions): Promise<RunEtlResult> {
  const now = options.now ?? (() => new Date());
  const { config, outDir } = options;
  const startedAt = now().toISOString();
  const contracts = tableContracts(now(), config.limits);
  const contents = findInputFiles(options.inputDir, contracts);
  // A symlinked --db: the run writes the file it points at, never replaces the link.
  const target = resolveWarehousePath(options.dbPath ?? join(outDir, config.dbFile));
  const scratch = options.buildInPlace === true && options.dbPath !== undefined;
  const work = scratch ? target : buildPath(target);
  const rejectsDir = join(outDir, 'rejects');
  const manifestPath = join(outDir, 'manifest.json');
  checkRunPaths({
    inputDir: options.inputDir,
    outDir,
    target,
    fromDbOption: options.dbPath !== undefined,
    inputFiles: [...contents.files.values()].map((i) => i.path),
    outputs: [
      target,
      work,
      `${target}.lock`,
      manifestPath,
      join(outDir, 'report.html'),
      ...Object.values(exportPaths(config, outDir)),
      ...TABLE_KEYS.map((key) => join(rejectsDir, `${key}.csv`)),
    ],
  });
  makeFolder(outDir, 'out');
  makeFolder(rejectsDir, 'out');
  makeFolder(dirname(target), options.dbPath !== undefined ? 'dbFolder' : 'out');
  // The Batch job builds in its own downloaded copy, which no other run can see: no lock.
  const lock = scratch ? undefined : await acquireWarehouseLock(target, { waitMs: (options.lockWaitSeconds ?? 30) * 1000, setting: 'LOCK_WAIT_SECONDS' });
  let cloneFlushed: Promise<void> | undefined;
  let mode: BuildMode = scratch ? 'scratch' : 'copy';
  try {
    // Also rolls back what a run killed inside its transaction left (a hot journal).
    if (options.dbPath !== undefined) settleWarehouse(target);
    if (!scratch && options.dbPath !== undefined) {
      const completed = await completePendingRun({ ...options, now, contents, target, manifestPath });
      if (completed) return completed;
    }
    // The previous run's manifest would vouch for exports this run is about to replace, and a
    // previous aggregate export this run does not write would pass for this batch's.
    rmSync(manifestPath, { force: true });
    rmSync(`${manifestPath}.part`, { force: true });
    const { aggregate, changes } = exportPaths(config, outDir);
    for (const path of [aggregate, changes]) rmSync(path, { force: true });
    for (const key of TABLE_KEYS) rmSync(join(rejectsDir, `${key}.csv`), { force: true });
    if (!scratch) {
      removeOrphanBuilds(target);
      if (options.dbPath !== undefined && takesTransaction(target, config, contracts, contents)) mode = 'transaction';
    }
    if (mode === 'copy') {
      lock?.removeOnInterrupt(work);
      rmSync(work, { force: true });
      if (options.dbPath !== undefined && existsSync(target)) {
        cloneWarehouse(target, work);
        // The copy goes to disk while the batch loads (on a thread of the pool), so the flush
        // before the rename writes little more than the pages the batch changed.
        cloneFlushed = forceToDisk(work);
        cloneFlushed.catch(() => undefined);
      }
    }
    return await build({ ...options, now, startedAt, contracts, contents, target, work: mode === 'transaction' ? target : work, mode, rejectsDir, manifestPath, cloneFlushed });
  } catch (e) {
    // A transaction is rolled back by SQLite; only a copy (or the caller's scratch copy) goes.
    if (mode !== 'transaction') rmSync(work, { force: true });
    throw e;
  } finally {
    lock?.release();
  }
}

interface BuildContext extends RunEtlOptions {
  readonly now: () => Date;
  readonly startedAt: string;
  readonly contracts: readonly TableContract[];
  readonly contents: BatchContents;
  readonly target: string;
  readonly work: string;
  readonly mode: BuildMode;
  readonly rejectsDir: string;
  readonly manifestPath: string;
  /** The flush of the copied warehouse begun before the build, if it was copied. */
  readonly cloneFlushed: Promise<void> | undefined;
}

/**
 * Builds the batch into `work`, writes the outputs, and renames the build over the warehouse
 * last; in `transaction` mode, writes the outputs and the pending manifest before the commit.
 */
async function build(options: BuildContext): Promise<RunEtlResult> {
  const { config, outDir, now, startedAt, contracts, contents, target, work, mode, rejectsDir, manifestPath, cloneFlushed } = options;
  const manifestPart = `${manifestPath}.part`;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string) => {
    const t = performance.now();
    timings[stage] = Number(((t - mark) / 1000).toFixed(3));
    mark = t;
  };
  const batchId = batchIdOf(options);
  // A warehouse this ETL did not make is refused here; the caller removes the copy. In one
  // transaction, the schema's own steps (a column added to a declaration) are part of it.
  const { db, fromVersion } = openWarehouseFrom(
    work,
    config,
    contracts,
    mode === 'transaction'
      ? (conn) => {
          tuneForTransaction(conn, (options.lockWaitSeconds ?? 30) * 1000);
          // Another program writing the warehouse (outside this ETL's lock) holds it back.
          onBusy(() => conn.exec('BEGIN IMMEDIATE'), (code) => t().warehouseHeldOpen({ path: target, code }), target);
          // Writing changed pages into the file before the commit needs readers gone: while
          // one reads, the pages stay in memory rather than the run waiting for it each time.
          conn.pragma('busy_timeout = 0');
        }
      : undefined,
  );
  let exports: ExportRun | undefined;
  let aggregateExport: ExportRun | undefined;
  let changesFile: WrittenFile | undefined;
  let committed = false;
  const committedGate = gateOf();
  try {
    if (mode !== 'transaction') tuneForBuild(db);
    const facts = contracts.filter((c) => c.role === 'fact').map((c) => contents.files.get(c.key)?.path);
    const path = warehousePath(fromVersion, rentalsCounted(db), facts);
    if (mode === 'transaction' && path !== 'incremental') throw new Error(`A run in one transaction took the ${path} path.`);
    const publish = publishing(path, config.aggregateExport);
    const refresh = beginAggregateRefresh(db, config, { incremental: path === 'incremental', changes: publish.tracking });
    // Hashed while the rows load; only a local run needs it (the Batch job gives its own).
    const described = options.fingerprint === undefined ? describeInputs(contents) : undefined;
    described?.catch(() => undefined);
    const tables = await loadBatchFiles(db, contracts, contents, { ...options, rejectsDir, now, lap, collect: (contract) => refresh.collect(contract) });
    // The rows are written: a build copy goes to disk while the aggregate is built, so the
    // flush before the rename has little left (the rentals are most of a new warehouse).
    const loadFlushed = mode !== 'copy' || cloneFlushed ? undefined : forceToDisk(work);
    loadFlushed?.catch(() => undefined);
    const inputs = await described;
    // The thread that hashes the warehouse once committed is started now, so that its start-up
    // (about 0.1 s) is not on the way after the commit.
    if (mode === 'transaction') {
      exports = startExports(work, config, outDir, { worker: options.parseInWorker ?? false, withAggregate: false, gate: committedGate.promise });
      exports.done.catch(() => undefined);
    }

    options.onProgress?.({ stage: 'aggregate' });
    // A full export of groups summed in memory is rendered from them, beside their insert
    // (unless the vehicles' cells would crowd the export thread's heap: then from the table).
    const refreshed = refresh.finish(
      publish.full
        ? (groups) => {
            if (groups.vehicles.length > GROUPS_EXPORT_MAX_VEHICLES) return;
            aggregateExport = startGroupsExport(work, config, outDir, groupsExportSource(db, config, groups), options.parseInWorker ?? false);
            aggregateExport.done.catch(() => undefined);
          }
        : undefined,
    );
    lap(path === 'incremental' ? 'aggregate (incremental)' : 'aggregate');
    const status = batchStatus(tables);
    const changed = path === 'new' || Object.values(tables).some((t) => t.inserted + t.updated > 0);
    const fingerprint = options.fingerprint ?? fingerprintOf(inputs ?? []);
    const { sequence, alreadyApplied } = recordBatch(db, { batchId, fingerprint, status, appliedAt: startedAt, changed });
    // A batch run again that changes nothing publishes an empty changes file: its changes are in the run that applied it.
    const warnings = [...contents.strays, ...(alreadyApplied && publish.changes ? [t().batchAlreadyApplied({ batchId, sequence })] : [])];
    const manifest: Manifest = {
      batchId,
      status,
      startedAt,
      // The report, written next, shows the run up to here; the manifest gets its final time last.
      finishedAt: now().toISOString(),
      ...(warnings.length > 0 ? { warnings } : {}),
      tables,
      ...(inputs ? { inputs } : {}),
      aggregate: {
        table: config.aggregateTable,
        rows: refreshed.rows,
        export: publish.full && publish.changes ? 'both' : publish.full ? 'full' : 'changes',
        // Without a changes file the whole export is the change.
        changedGroups: refreshed.changedGroups ?? refreshed.rows,
      },
      // Known once the build is final; the key keeps the contract's place in the JSON.
      warehouse: undefined,
      top: topVehicles(db, 10),
      outputs: [],
    };

    const warehouseKey = warehouseKeyOf(options);
    const reportHtml = join(outDir, 'report.html');
    const rejectFiles = TABLE_KEYS.filter((key) => tables[key].rejected > 0).map((key) => ({ kind: 'rejects' as const, path: join(rejectsDir, `${key}.csv`) }));
    options.onProgress?.({ stage: 'exports' });
    if (mode === 'transaction') {
      changesFile = writeAggregateChanges(db, config, outDir);
      // The changes are known only to this connection, and only until it closes: their file is
      // written before the commit, and with it the manifest under its temporary name, complete
      // but for what the committed file alone gives (its checksum, the ranking, the report). A
      // run killed after the commit is completed by the next run of the batch
      // (completePendingRun); one killed before it changed nothing (SQLite rolls it back).
      manifest.warehouse = { key: warehouseKey, versionId: null, bytes: 0, sha256: '', sequence };
      manifest.outputs = await describeOutputs(outDir, [changesFile, ...rejectFiles]);
      const pending: PendingManifest = { ...manifest, pendingWarehouse: target };
      writeOutput(manifestPart, `${JSON.stringify(pending, null, 2)}\n`);
      // On disk before the commit, so that what completes them survives a power cut after it.
      syncToDisk([manifestPart, ...manifest.outputs.map((o) => join(outDir, o.path)), rejectsDir, outDir]);
      options.reached?.('before-commit');
      commit(db, target, options.lockWaitSeconds ?? 30);
      committed = true;
      committedGate.open();
      options.reached?.('after-commit');
      lap('changes and commit');
    }
    // The ledger was the build's last write: from here the export thread reads it through its
    // own connection (on the second core when bundled), writes the whole aggregate and the
    // ranking when they are published, and hashes the whole file, while this thread writes the
    // changes file, the ranking (when the thread does not) and the report.
    // One export thread at a time: the one rendering the aggregate from the groups (almost
    // always done by now) ends before the next starts, so their memory never adds up.
    const fromGroups = await (aggregateExport?.done ?? Promise.resolve([]));
    const withAggregate = publish.full && !aggregateExport;
    if (!exports) {
      exports = startExports(work, config, outDir, { worker: options.parseInWorker ?? false, withAggregate });
      exports.done.catch(() => undefined);
    }
    // A build's changes file is written beside the export thread (from this connection, whose
    // temp tables hold the changes).
    if (mode !== 'transaction' && publish.changes) changesFile = writeAggregateChanges(db, config, outDir);
    // Without the aggregate, the thread only hashes, and the ranking is written here.
    const top = withAggregate ? undefined : writeTopCsv(db, config, outDir);
    writeOutput(reportHtml, renderReport(db, manifest, config));
    lap('report');
    db.close();
    // A build copy is forced to disk while the exports and the checksum finish.
    const [fromBuild] = await Promise.all([exports.done, mode === 'copy' ? flushBuild(work, cloneFlushed ?? loadFlushed) : undefined]);
    const written = [...fromGroups, ...fromBuild, ...(top ? [top] : [])];
    const { bytes, sha256 } = written.find((w) => w.kind === 'database')!;
    const database = { bytes, sha256 };
    lap('exports and database checksum (after the report)');

    const byKind = (kind: string) => written.filter((w) => w.kind === kind);
    manifest.warehouse = { key: warehouseKey, versionId: null, ...database, sequence };
    const produced = [
      // Contract §4: a `database` output only for a new warehouse file in --out; a --db warehouse is named by `warehouse`.
      ...(options.dbPath === undefined ? [{ kind: 'database' as const, path: target, ...database }] : []),
      ...byKind('aggregate'),
      ...(changesFile ? [changesFile] : []),
      ...byKind('top'),
      ...rejectFiles,
      { kind: 'report' as const, path: reportHtml },
    ];
    manifest.outputs = await describeOutputs(outDir, produced);
    lap('checksums');
    manifest.finishedAt = now().toISOString();
    // Every output, the manifest included (under a temporary name), is complete before the
    // warehouse is replaced: a failure up to here changed nothing, and after the replacement
    // only the manifest's rename is left, so a run never replaces the warehouse and then
    // reports that it changed nothing, nor removes the outputs of a batch it applied.
    writeOutput(manifestPart, `${JSON.stringify(manifest, null, 2)}\n`);
    if (mode === 'copy') {
      // The build, on disk whole (flushed above), replaces the warehouse.
      renameSync(work, target);
      committed = true;
      removeStrayJournals(target);
    }
    renameSync(manifestPart, manifestPath);
    options.onProgress?.({ stage: 'done' });
    return { manifest, exitCode: exitCodeOf(tables), manifestPath, timings };
  } catch (e) {
    // Every thread of the run ends before the failure is reported, and nothing half-written stays.
    // Cleaning up must not hide the failure: what cannot be removed stays.
    committedGate.close(e);
    // Once the batch is in the warehouse, what the threads wrote is its output: they end, and it stays.
    const end = async (run: ExportRun | undefined): Promise<void> => {
      await (committed ? run?.done : run?.cancel())?.catch(() => undefined);
    };
    await Promise.all([exports, aggregateExport].map(end));
    // An open transaction is rolled back as its connection closes.
    if (db.open) db.close();
    if (committed) {
      // The batch is in the warehouse: its outputs and pending manifest stay for the next run
      // of the batch to complete.
      throw new EtlError(ErrorCode.RUN_FAILED, t().batchAppliedManifestPending({ cause: messageOf(e), outDir }), {}, { cause: e });
    }
    // The run's partial rejects and report go; the build copy is removed by the caller.
    const partial = [
      manifestPart,
      ...TABLE_KEYS.map((key) => join(rejectsDir, `${key}.csv`)),
      exportPaths(config, outDir).changes,
      ...(exports ? [join(outDir, 'report.html')] : []),
    ];
    for (const path of partial) {
      try {
        rmSync(path, { force: true });
      } catch {
        // e.g. a folder in the way, which is not this run's to remove
      }
    }
    if (e instanceof EtlError) throw e;
    throw ioFault(e, mode === 'transaction' ? t().doingWrite({ path: work }) : t().doingWriteBuild({ path: work })) ?? e;
  }
}

/** A promise opened or closed from outside (an export thread waiting for the commit). */
function gateOf(): { promise: Promise<void>; open(): void; close(reason: unknown): void } {
  let open = () => {};
  let close: (reason: unknown) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    close = reject;
  });
  promise.catch(() => undefined);
  return { promise, open, close };
}

const exitCodeOf = (tables: Record<TableKey, TableReport>): 0 | 1 =>
  Object.values(tables).some((r) => r.status === 'rejected' || allRowsRejected(r)) ? 1 : 0;

const batchIdOf = (options: RunEtlOptions): string => options.batchId ?? basename(options.inputDir.replace(/[\\/]+$/, ''));

const warehouseKeyOf = (options: RunEtlOptions): string => options.warehouseKey ?? options.dbPath ?? options.config.dbFile;

/**
 * Commits the run's transaction. Readers of the warehouse may hold the commit back for up to
 * LOCK_WAIT_SECONDS; then the run fails, and the warehouse is left as it was.
 */
function commit(db: Db, target: string, seconds: number): void {
  db.pragma(`busy_timeout = ${seconds * 1000}`);
  onBusy(() => db.exec('COMMIT'), (code) => t().warehouseBusyAtCommit({ path: target, seconds, code }), target);
}

/** Runs a statement that takes a lock on the warehouse; its SQLITE_BUSY becomes `sentence`, the warehouse unchanged. */
function onBusy(statement: () => void, sentence: (code: string) => string, target: string): void {
  try {
    statement();
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY')) throw new EtlError(ErrorCode.WAREHOUSE_LOCKED, sentence(code), { file: basename(target) }, { cause: e });
    throw e;
  }
}

/**
 * Whether a --db run writes the warehouse in one transaction (see BuildMode): its schema is
 * current (no migration), its batch takes the incremental path, and it publishes only the
 * changes. Anything unexpected in the file leaves the decision to the copy, whose opening
 * says what is wrong.
 */
function takesTransaction(target: string, config: EtlConfig, contracts: readonly TableContract[], contents: BatchContents): boolean {
  if (config.aggregateExport === 'full' || !existsSync(target) || statSync(target).size === 0) return false;
  let db: Db | undefined;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    if (schemaVersion(db) !== SCHEMA_VERSION) return false;
    const facts = contracts.filter((c) => c.role === 'fact').map((c) => contents.files.get(c.key)?.path);
    return prefersIncremental(rentalsCounted(db), facts);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** The manifest a run leaves under its temporary name before its commit, with the warehouse file (links resolved) it is about. */
type PendingManifest = Manifest & { pendingWarehouse?: string };

/** Larger than any manifest this code writes (a few KB): such a file is not read. */
const PENDING_MAX_BYTES = 1 << 20;

/**
 * A pending manifest in --out, read and checked for the shape this code writes (outputs named
 * inside --out, every table's report); undefined when there is none, or it is not one.
 */
function readPending(part: string): PendingManifest | undefined {
  let pending: PendingManifest;
  try {
    const stats = lstatSync(part);
    if (!stats.isFile() || stats.size > PENDING_MAX_BYTES) return undefined;
    pending = JSON.parse(readFileSync(part, 'utf8')) as PendingManifest;
  } catch {
    return undefined;
  }
  const w = pending?.warehouse;
  const inOut = (path: unknown) => typeof path === 'string' && path !== '' && !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
  const outputsOk =
    Array.isArray(pending?.outputs) && pending.outputs.every((o) => inOut(o?.path) && typeof o.kind === 'string' && Number.isSafeInteger(o.bytes) && typeof o.sha256 === 'string');
  const tablesOk = TABLE_KEYS.every((key) => typeof pending?.tables?.[key]?.status === 'string' && typeof pending.tables[key].rowsRead === 'number');
  const textsOk = [pending?.batchId, pending?.status, pending?.startedAt, pending?.finishedAt, w?.key].every((v) => typeof v === 'string');
  const warningsOk = pending?.warnings === undefined || (Array.isArray(pending.warnings) && pending.warnings.every((v) => typeof v === 'string'));
  if (!textsOk || !warningsOk || typeof w?.sequence !== 'number' || !outputsOk || !tablesOk) return undefined;
  return pending;
}

/**
 * A run stopped after its commit (on the transaction path, or between a copy's rename and the
 * manifest's) leaves the batch in the warehouse and its manifest pending in --out
 * (`manifest.json.part`, with the changes file and the rejects, but without the warehouse's
 * checksum, the ranking and the report on the transaction path). Such outputs are the only
 * record of the batch's changes, so no other run may remove them:
 * - the next run of the same batch (same id and files, same warehouse) into the same --out,
 *   while no later batch was applied, completes them: it writes the ranking and the report from
 *   the warehouse, as the stopped run would have, hashes the warehouse, and publishes the
 *   manifest with a warning that says so, instead of loading the batch again (which would find
 *   nothing to change and publish no changes);
 * - any other run into that --out is refused before it changes anything, with one sentence
 *   that says what to do.
 * Undefined when --out holds no such manifest (one of a run stopped before its commit, or of
 * another warehouse, is removed by the run as before).
 */
async function completePendingRun(
  options: RunEtlOptions & { now: () => Date; contents: BatchContents; target: string; manifestPath: string },
): Promise<RunEtlResult | undefined> {
  const { config, outDir, target } = options;
  const part = `${options.manifestPath}.part`;
  const pending = readPending(part);
  if (!pending) return undefined;
  const warehouse = pending.warehouse!;
  // The same warehouse, however --db was spelled (a pending manifest of a copy names it as given).
  const sameWarehouse = pending.pendingWarehouse !== undefined ? pending.pendingWarehouse === target : warehouse.key === warehouseKeyOf(options) || resolveWarehousePath(warehouse.key) === target;
  if (!sameWarehouse) return undefined;
  const applied = ledgerEntry(target, pending.batchId);
  // Not committed: the stopped run changed nothing, and its files go.
  if (!applied || applied.sequence !== warehouse.sequence) return undefined;
  const listed = pending.outputs.find((o) => o.kind === 'aggregate_changes');
  const changes = listed ? join(outDir, listed.path) : exportPaths(config, outDir).changes;
  if (applied.latest !== warehouse.sequence) {
    throw new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().pendingOutputsStale({ batchId: pending.batchId, outDir, sequence: warehouse.sequence, latest: applied.latest, changes }));
  }
  const refuse = () => new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().pendingOutputsOther({ batchId: pending.batchId, outDir, sequence: warehouse.sequence }));
  if (pending.batchId !== batchIdOf(options)) throw refuse();
  const fingerprint = options.fingerprint ?? fingerprintOf(await describeInputs(options.contents));
  if (applied.fingerprint !== fingerprint) throw refuse();
  for (const output of pending.outputs) {
    const path = join(outDir, output.path);
    // Changed since: they no longer say what the batch changed; the run goes on, and says the
    // batch was applied already. Only a regular file of the recorded size is read through.
    const stats = lstatSync(path, { throwIfNoEntry: false });
    const found = stats?.isFile() && stats.size === output.bytes ? await describeFile(path).catch(() => undefined) : undefined;
    if (found?.bytes !== output.bytes || found.sha256 !== output.sha256) return undefined;
  }
  const written: { kind: OutputKind; path: string; bytes?: number; sha256?: string }[] = [];
  const { pendingWarehouse: _, ...published } = pending;
  const db = new Database(target, { readonly: true, fileMustExist: true });
  try {
    if (!pending.outputs.some((o) => o.kind === 'top')) written.push(writeTopCsv(db, config, outDir));
    if (!pending.outputs.some((o) => o.kind === 'report')) {
      const path = join(outDir, 'report.html');
      writeOutput(path, renderReport(db, published, config));
      written.push({ kind: 'report', path });
    }
  } finally {
    db.close();
  }
  const outputs = [...pending.outputs, ...(await describeOutputs(outDir, written))];
  const order: readonly OutputKind[] = ['database', 'aggregate', 'aggregate_changes', 'top', 'rejects', 'report'];
  const manifest: Manifest = withContractOrder({
    ...published,
    warnings: [...(pending.warnings ?? []), t().manifestCompleted({ batchId: pending.batchId, startedAt: pending.startedAt })],
    warehouse: { ...warehouse, ...(await describeFile(target)) },
    outputs: outputs.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
  });
  writeOutput(part, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(part, options.manifestPath);
  options.onProgress?.({ stage: 'done' });
  return { manifest, exitCode: exitCodeOf(manifest.tables), manifestPath: options.manifestPath, timings: {} };
}

/** The ledger's entry for a batch and the ledger's latest sequence, if the warehouse has the batch (a file it cannot be read from is the run's to judge). */
function ledgerEntry(target: string, batchId: string): { fingerprint: string; sequence: number | null; latest: number } | undefined {
  let db: Db | undefined;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    return db.prepare(`SELECT fingerprint, sequence, (SELECT MAX(sequence) FROM ${LEDGER_TABLE}) AS latest FROM ${LEDGER_TABLE} WHERE batch_id = ?`).get(batchId) as
      | { fingerprint: string; sequence: number | null; latest: number }
      | undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * Forces files and folders to disk. A folder that cannot be opened (on some systems) is
 * skipped: its files are synced.
 */
function syncToDisk(paths: readonly string[]): void {
  for (const path of paths) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      fsyncSync(fd);
    } catch (e) {
      if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw ioFault(e, t().doingWrite({ path })) ?? e;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** The manifest's keys in the contract's order (§4), whatever order they were read or added in. */
function withContractOrder(m: Manifest): Manifest {
  const { batchId, status, startedAt, finishedAt, warnings, tables, inputs, aggregate, warehouse, top, outputs, ...rest } = m;
  return { batchId, status, startedAt, finishedAt, ...(warnings ? { warnings } : {}), tables, ...(inputs ? { inputs } : {}), aggregate, warehouse, top, outputs, ...rest };
}

/** Writes a small output file whole; a fault of the machine names the file. */
function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw ioFault(e, t().doingWrite({ path })) ?? e;
  }
}

/**
 * Loads the batch's files in contract order (dimensions first), each against the ids its
 * foreign keys may point at: the warehouse's rows plus what this batch accepted before it. A
 * file rejected whole is reported as such; any other failure ends the run. Files that look
 * meant for a table are named in that table's warnings.
 */
async function loadBatchFiles(
  db: Db,
  contracts: readonly TableContract[],
  contents: BatchContents,
  options: RunEtlOptions & { rejectsDir: string; now: () => Date; lap: (stage: string) => void; collect: AggregateRefresh['collect'] },
): Promise<Record<TableKey, TableReport>> {
  const { config, rejectsDir, now, lap } = options;
  const tables = {} as Record<TableKey, TableReport>;
  const knownIds = new Map<TableKey, Float64Array | IdRange>();
  const referenced = new Set(contracts.flatMap((c) => c.foreignKeys.map((fk) => fk.references)));
  // A reject for an unknown id says so when the referenced table's file was not in the batch.
  const absent = contracts.filter((c) => !contents.files.has(c.key)).map((c) => ({ table: c.key, file: `${c.fileBase}.csv` }));
  for (const contract of contracts) {
    const input = contents.files.get(contract.key);
    const table = config.tables[contract.key];
    if (!input) {
      tables[contract.key] = emptyReport('missing', null);
    } else {
      try {
        // Groups summed during the load serve only a table that was empty (then they are all of it).
        const groups = contract.role === 'fact' && !hasRows(db, table) ? options.collect(contract) : undefined;
        const rows = rowSource({
          table: contract.key,
          path: input.path,
          rejectsPath: join(rejectsDir, `${contract.key}.csv`),
          now: now(),
          limits: config.limits,
          knownIds: Object.fromEntries(knownIds),
          absent,
          worker: options.parseInWorker ?? false,
          workerMinBytes: options.parseThreadMinBytes ?? PARSE_THREAD_MIN_BYTES,
          collectGroups: groups !== undefined,
        });
        try {
          tables[contract.key] = await loadTable({
            db,
            table,
            contract,
            path: input.path,
            rows,
            groups,
            onProgress: (rowsRead, bytesRead) =>
              options.onProgress?.({ stage: 'table', table: contract.key, file: input.name, rowsRead, bytesRead, bytesTotal: rows.size }),
          });
        } finally {
          // However the load ended, the parser thread ends with it (it may not have been read at all).
          await rows.close();
        }
        tables[contract.key].warnings.unshift(...input.warnings);
      } catch (e) {
        if (!(e instanceof FileRejectedError)) throw e;
        tables[contract.key] = { ...emptyReport('rejected', input.name), error: e.message, warnings: input.warnings };
      }
    }
    tables[contract.key].warnings.push(...(contents.strayByTable.get(contract.key) ?? []));
    // Only what a later file's foreign keys may point at is kept in memory.
    if (referenced.has(contract.key)) knownIds.set(contract.key, loadIds(db, table, contract.idColumn));
    lap(contract.key);
  }
  return tables;
}

/**
 * Measured at 5M rentals: the full rebuild (aggregate and roll-ups) costs about 4 µs per
 * rental in the warehouse, the incremental path about 25 µs per rental in the batch, so it
 * pays below one eighth of the warehouse (with room for the estimate: about 75 bytes a
 * row, 5x that compressed).
 */
const INCREMENTAL_SHARE = 1 / 8;

/**
 * Most vehicles whose rendered attribute cells (about 70 bytes each, copied into the export
 * thread's 256 MB heap) let a full load render the aggregate export from its groups: 2 M
 * vehicles exhaust that heap. Beyond, the export thread reads the finished table, as it did
 * before the groups existed.
 */
const GROUPS_EXPORT_MAX_VEHICLES = 500_000;

/**
 * How a run brings the aggregate up to date: `new` for a new warehouse or the first batch after
 * the `sequence` migration (a full rebuild, and a full export so consumers start over),
 * `incremental` for a batch small against the warehouse (only the groups it touches),
 * `rebuild` for a large one (cheaper as one full rebuild after the load).
 */
type WarehousePath = 'new' | 'rebuild' | 'incremental';

function warehousePath(fromVersion: number, warehouseRentals: number, factPaths: readonly (string | undefined)[]): WarehousePath {
  if (fromVersion < SEQUENCE_VERSION) return 'new';
  return prefersIncremental(warehouseRentals, factPaths) ? 'incremental' : 'rebuild';
}

/**
 * What a batch publishes of the aggregate (contract §6): the whole file after a full load
 * unless AGGREGATE_EXPORT=changes, the changes file after an incremental one (and the whole
 * file too with `full`), and how the refresh must track the changes for it.
 */
function publishing(path: WarehousePath, mode: EtlConfig['aggregateExport']): { full: boolean; changes: boolean; tracking: ChangeTracking } {
  if (path === 'incremental') return { full: mode === 'full', changes: true, tracking: 'diff' };
  if (mode !== 'changes') return { full: true, changes: false, tracking: 'none' };
  // Consumers start over after a new warehouse: every group is new to them.
  return { full: false, changes: true, tracking: path === 'new' ? 'all' : 'diff' };
}

/**
 * Whether a batch should update the aggregate group by group rather than rebuild it, from the
 * size of its fact files (`undefined`: absent from the batch).
 */
function prefersIncremental(warehouseRentals: number, factPaths: readonly (string | undefined)[]): boolean {
  if (warehouseRentals === 0) return false;
  let bytes = 0;
  for (const path of factPaths) {
    // lstat: a link is not followed (its file is rejected unread), even if it leads nowhere.
    if (path) bytes += lstatSync(path).size * (path.toLowerCase().endsWith('.gz') ? 5 : 1);
  }
  return bytes / 75 < warehouseRentals * INCREMENTAL_SHARE;
}

function batchStatus(tables: Record<TableKey, TableReport>): Manifest['status'] {
  const reports = Object.values(tables);
  return reports.some((t) => t.status === 'rejected' || t.rejected > 0) ? 'partial' : 'succeeded';
}

/** Name, size and SHA-256 of each table file that is a regular file (any other is rejected unread). */
async function describeInputs(contents: BatchContents): Promise<InputEntry[]> {
  const entries: InputEntry[] = [];
  for (const [table, input] of contents.files) {
    try {
      if (!lstatSync(input.path).isFile()) continue;
      entries.push({ table, file: input.name, ...(await describeFile(input.path)) });
    } catch {
      // The file's own read rejects it or fails the run, with the sentence that says why.
    }
  }
  return entries;
}

/** The ledger's fingerprint of a local batch: the same files with the same bytes give the same one. */
function fingerprintOf(inputs: readonly InputEntry[]): string {
  const lines = inputs.map((i) => `${i.file}\u0000${i.bytes}\u0000${i.sha256}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Forces the finished build to disk, after the flush begun before it (of the copy, or of the
 * loaded rows): that one's failure fails the run too (a write-back error is reported to one
 * flush only).
 */
async function flushBuild(work: string, earlier: Promise<void> | undefined): Promise<void> {
  await earlier;
  await forceToDisk(work);
}

/** Manifest entries; files whose size and checksum are not known yet are read once. */
async function describeOutputs(
  outDir: string,
  produced: { kind: OutputKind; path: string; bytes?: number; sha256?: string }[],
): Promise<OutputEntry[]> {
  const entries: OutputEntry[] = [];
  for (const { kind, path, ...known } of produced) {
    const { bytes, sha256 } = known.sha256 !== undefined && known.bytes !== undefined ? { bytes: known.bytes, sha256: known.sha256 } : await describeFile(path);
    const rel = relative(outDir, path);
    entries.push({ kind, path: rel.startsWith('..') ? path : rel.split('\\').join('/'), bytes, sha256 });
  }
  return entries;
}
