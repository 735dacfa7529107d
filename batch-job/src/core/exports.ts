import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database, { type Statement } from 'better-sqlite3';
import { deserializeError, ErrorCode, EtlError, type SerializedError } from '../../../common/errors.js';
import { lang, t, type Lang } from '../../../common/i18n/index.js';
import { changedGroupsQuery, EXPORTED_COLUMNS } from './aggregate-changes.js';
import { bundledWorker } from './bundled-worker.js';
import type { EtlConfig } from './config.js';
import { csvCell, csvLine } from './csv-write.js';
import { HashedFileWriter, writeHashedFile } from './export-file.js';
import { GroupCursor, type GroupTable } from './rental-groups.js';
import { rankingSql } from './rollups.js';
import type { Db } from './warehouse.js';

export interface WrittenFile {
  /** `database`: not written by the exports but read whole by them once final, for its checksum. */
  readonly kind: 'aggregate' | 'aggregate_changes' | 'top' | 'database';
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes a statement's rows as CSV (with its column names first when `header`), so the
 * writer hashes what it writes and the manifest's checksum costs no second read.
 */
function writeRows(out: HashedFileWriter, stmt: Statement, params: readonly unknown[], header: boolean): void {
  stmt.raw(true);
  if (header) out.write(csvLine(stmt.columns().map((c) => c.name)));
  for (const row of stmt.iterate(...params) as IterableIterator<unknown[]>) out.write(csvLine(row));
}

/** A slice of the aggregate by vehicle id: `from` <= id_vehiculo < `to`; an end left out is open. */
export interface VehicleRange {
  readonly from?: number;
  readonly to?: number;
}

const AGGREGATE_EXPORT_COLUMNS = EXPORTED_COLUMNS.join(', ');

/** Writes the aggregate rows of `range` in key order to `out`, with the header row when `header`. */
export function writeAggregateRange(db: Db, config: EtlConfig, range: VehicleRange, out: HashedFileWriter, header: boolean): void {
  const terms = [range.from !== undefined && 'id_vehiculo >= ?', range.to !== undefined && 'id_vehiculo < ?'].filter(Boolean);
  const params = [range.from, range.to].filter((v) => v !== undefined);
  const where = terms.length ? `WHERE ${terms.join(' AND ')}` : '';
  const sql = `SELECT ${AGGREGATE_EXPORT_COLUMNS} FROM ${config.aggregateTable} ${where} ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`;
  writeRows(out, db.prepare(sql), params, header);
}

/**
 * The aggregate rendered from the groups a full load summed in memory, rather than read back
 * from the table: the rows the table gets, in its key order, with the vehicles' attributes and
 * the points' names as cells already rendered (a group whose vehicle or point is missing is
 * left out, as the table's join leaves it out).
 */
export interface GroupsExportSource {
  readonly groups: GroupTable;
  /** Per vehicle id, its six attribute cells joined by commas. */
  readonly vehicles: ReadonlyMap<number, string>;
  /** Per point id, its name's cell. */
  readonly points: ReadonlyMap<number, string>;
}

/** Reads what `renderGroups` needs from the build, in the transaction that writes the same rows. */
export function groupsExportSource(db: Db, config: EtlConfig, groups: GroupTable): GroupsExportSource {
  const { vehiculos, puntos_renta: puntos } = config.tables;
  // Only the vehicles and points the groups name: those without rentals would only fill the thread's heap.
  const rented = new Set(groups.vehicles);
  const vehicles = new Map<number, string>();
  for (const [id, ...attributes] of db.prepare(`SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color FROM ${vehiculos}`).raw(true).iterate() as IterableIterator<unknown[]>) {
    if (rented.has(id as number)) vehicles.set(id as number, csvLine(attributes).slice(0, -1));
  }
  const used = new Set(groups.points);
  const points = new Map<number, string>();
  for (const [id, name] of db.prepare(`SELECT id_punto, nombre FROM ${puntos}`).raw(true).iterate() as IterableIterator<[number, string]>) {
    if (used.has(id)) points.set(id, csvCell(name));
  }
  return { groups, vehicles, points };
}

/**
 * Writes the aggregate export from groups in memory, byte for byte what `writeAggregateRange`
 * writes from the table: the same columns, the REALs derived with the same divisions (what the
 * table stores is these doubles), each cell rendered by `csvCell`.
 */
export function renderGroups(source: GroupsExportSource, out: HashedFileWriter): void {
  out.write(csvLine(EXPORTED_COLUMNS));
  const g = new GroupCursor(source.groups);
  while (g.next()) {
    const vehicle = source.vehicles.get(g.vehicle);
    const pickup = source.points.get(g.pickup);
    const dropoff = source.points.get(g.dropoff);
    if (vehicle === undefined || pickup === undefined || dropoff === undefined) continue;
    const dias = g.seconds / 86400;
    out.write(
      `${csvCell(g.vehicle)},${csvCell(g.pickup)},${csvCell(g.dropoff)},${csvCell(g.month)},${vehicle},${pickup},${dropoff},` +
        `${csvCell(g.rentals)},${csvCell(dias)},${csvCell(dias / g.rentals)},${csvCell(g.cents / 100)}\n`,
    );
  }
}

/**
 * Starts writing the aggregate export from the groups of a full load (see `renderGroups`),
 * on a thread of its own when `worker` (and the bundled worker is present), so it is written
 * while this thread inserts the same groups into the table.
 */
export function startGroupsExport(dbPath: string, config: EtlConfig, outDir: string, source: GroupsExportSource, worker: boolean): ExportRun {
  const path = exportPaths(config, outDir).aggregate;
  const remove = () => rmSync(path, { force: true });
  if (!worker || !bundledWorker(WORKER_FILE)) {
    let done: Promise<WrittenFile[]>;
    try {
      done = Promise.resolve([{ kind: 'aggregate', path, ...writeHashedFile(path, (out) => renderGroups(source, out)) }]);
    } catch (e) {
      done = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return { done, cancel: () => done.then(remove, remove) };
  }
  const thread = runThreads(dbPath, config, outDir, [{ role: 'groups', source }]);
  return {
    done: thread.done,
    cancel: async () => {
      await thread.stop();
      await thread.done.then(remove, remove);
    },
  };
}

/** Where the exports of a run go; the changes file is the aggregate's base name with `.cambios` before `.csv`. */
export function exportPaths(config: EtlConfig, outDir: string): { aggregate: string; changes: string; top: string } {
  return {
    aggregate: join(outDir, `${config.aggregateTable}.csv`),
    changes: join(outDir, `${config.aggregateTable}.cambios.csv`),
    top: join(outDir, `${config.topView}.csv`),
  };
}

/**
 * The changes export (contract §6): the groups the connection's last aggregate refresh found
 * new, changed or gone, with `cambio` first. Written from the build's own connection, since
 * the list lives in a temp table; it is as long as the batch's changes, not the warehouse.
 */
export function writeAggregateChanges(db: Db, config: EtlConfig, outDir: string): WrittenFile {
  const path = exportPaths(config, outDir).changes;
  return { kind: 'aggregate_changes', path, ...writeHashedFile(path, (out) => writeRows(out, db.prepare(changedGroupsQuery()), [], true)) };
}

/** The ranking export: the whole `top_vehiculos` view, in its order, each line numbered here as the view numbers it. */
export function writeTopCsv(db: Db, config: EtlConfig, outDir: string): WrittenFile {
  const path = exportPaths(config, outDir).top;
  return {
    kind: 'top',
    path,
    ...writeHashedFile(path, (out) => {
      const stmt = db.prepare(rankingSql()).raw(true);
      out.write(csvLine(['posicion', ...stmt.columns().map((c) => c.name)]));
      let position = 0;
      for (const row of stmt.iterate() as IterableIterator<unknown[]>) out.write(`${++position},${csvLine(row)}`);
    }),
  };
}

/** Writes the aggregate rows of `range` (key order) into a new file, with the header row when `header`. */
export function writeAggregatePart(db: Db, config: EtlConfig, range: VehicleRange, path: string, header: boolean): { bytes: number; sha256: string } {
  return writeHashedFile(path, (out) => writeAggregateRange(db, config, range, out, header));
}

/** Writes the whole aggregate and the ranking with a connection of its own (used in this thread or a worker). */
export function writeExportsFrom(dbPath: string, config: EtlConfig, outDir: string): WrittenFile[] {
  const db = openReadOnly(dbPath);
  try {
    const path = exportPaths(config, outDir).aggregate;
    return [{ kind: 'aggregate', path, ...writeAggregatePart(db, config, {}, path, true) }, writeTopCsv(db, config, outDir)];
  } finally {
    db.close();
  }
}

export function openReadOnly(dbPath: string): Db {
  return new Database(dbPath, { readonly: true });
}

/**
 * Share of the vehicle id range written by the head thread. The head also copies the tail
 * part after its own rows (~0.3 s on 380 MB at 5M rentals) while the tail writes the ranking
 * (~0.3 s, read from the vehicle roll-up), so each takes half.
 */
const HEAD_SHARE = 0.5;

/**
 * The vehicle id where the tail part starts, interpolated between the smallest and largest
 * id (vehicles have similar row counts, and reading both ends of the key costs nothing).
 * Undefined when there is nothing worth splitting.
 */
export function aggregateSplit(dbPath: string, config: EtlConfig): number | undefined {
  const db = openReadOnly(dbPath);
  try {
    const end = (dir: 'ASC' | 'DESC') => db.prepare(`SELECT id_vehiculo FROM ${config.aggregateTable} ORDER BY id_vehiculo ${dir} LIMIT 1`).pluck().get();
    const [first, last] = [end('ASC'), end('DESC')];
    if (typeof first !== 'number' || typeof last !== 'number' || last - first < 2) return undefined;
    return Math.floor(first + HEAD_SHARE * (last - first)) + 1;
  } finally {
    db.close();
  }
}

/** What one export thread does (see export-worker.ts). */
export type ExportTask =
  /** The whole aggregate and the ranking, then the checksum. */
  | { readonly role: 'all' }
  /** The checksum alone (the caller writes the ranking). */
  | { readonly role: 'hash' }
  | { readonly role: 'groups'; readonly source: GroupsExportSource }
  | { readonly role: 'head'; readonly split: number }
  /** The tail part of the aggregate, the ranking, then the checksum. */
  | { readonly role: 'tail'; readonly split: number; readonly partPath: string };

export interface ExportThreadData {
  readonly dbPath: string;
  readonly config: EtlConfig;
  readonly outDir: string;
  readonly task: ExportTask;
  /** The run's language, which a thread does not inherit when it was set by `setLang`. */
  readonly lang: Lang;
  /** Wait for a `{ go: true }` message before the task. */
  readonly gated: boolean;
}

/** Messages from an export thread: its finished files, the tail part being ready, or a failure. */
export type ExportThreadMessage = { files: WrittenFile[] } | { partReady: string } | { error: SerializedError };

// Bundled builds ship export-worker.js beside this module; from sources the exports run here.
const WORKER_FILE = new URL('./export-worker.js', import.meta.url);

/** Exports being written: `done` gives the files; `cancel` stops the threads and removes what they wrote. */
export interface ExportRun {
  readonly done: Promise<WrittenFile[]>;
  cancel(): Promise<void>;
}

/**
 * Starts writing the CSV exports of a finished build. With `worker` (and the bundled worker
 * present) two threads split the aggregate by vehicle id: the head writes the first ids
 * into the final file, the tail writes the rest into a part file and then the ranking, and
 * the head appends the part, hashing it, so the checksum is that of the final file. The
 * build must be committed first, since the exports read it through their own connections.
 * The thread that writes the ranking then reads the build whole for its size and sha256 (a
 * `database` entry), while the caller's thread goes on with the report: the build must then
 * be final, with nothing left to write to it. Without the aggregate the ranking is the
 * caller's to write (`writeTopCsv`, beside the report), and the thread only hashes; with
 * `gate` it starts at once and hashes once the gate opens.
 */
export function startExports(
  dbPath: string,
  config: EtlConfig,
  outDir: string,
  options: { worker: boolean; withAggregate: boolean; gate?: Promise<void> },
): ExportRun {
  const { worker, withAggregate, gate } = options;
  if (gate && withAggregate) throw new Error('The exports of the whole aggregate cannot wait for a gate.');
  const paths = exportPaths(config, outDir);
  const removeOutputs = () => {
    for (const path of [paths.aggregate, `${paths.aggregate}.tail`, paths.top]) rmSync(path, { force: true });
  };
  if (!worker || !bundledWorker(WORKER_FILE)) {
    const done = (gate ?? Promise.resolve()).then(async () => [
      ...(withAggregate ? writeExportsFrom(dbPath, config, outDir) : []),
      await describeDatabase(dbPath),
    ]);
    return { done, cancel: () => done.then(removeOutputs, removeOutputs) };
  }
  let split: number | undefined;
  try {
    split = withAggregate ? aggregateSplit(dbPath, config) : undefined;
  } catch (e) {
    return { done: Promise.reject(e instanceof Error ? e : new Error(String(e))), cancel: async () => undefined };
  }
  const tasks: ExportTask[] =
    split === undefined
      ? [{ role: withAggregate ? 'all' : 'hash' }]
      : [
          { role: 'head', split },
          { role: 'tail', split, partPath: `${paths.aggregate}.tail` },
        ];
  const threads = runThreads(dbPath, config, outDir, tasks, gate);
  const done = threads.done.finally(() => rmSync(`${paths.aggregate}.tail`, { force: true }));
  return {
    done,
    cancel: async () => {
      await threads.stop();
      await done.then(removeOutputs, removeOutputs);
    },
  };
}

/** The build's size and sha256, as an entry of the exports' results. */
export async function describeDatabase(dbPath: string): Promise<WrittenFile> {
  return { kind: 'database', path: dbPath, ...(await describeFile(dbPath)) };
}

/**
 * Starts one thread per task. With `gate`, the threads start at once but wait for it before
 * their task (a thread takes about 0.1 s to start): it opens when the file they read is final,
 * and its rejection ends them.
 */
function runThreads(dbPath: string, config: EtlConfig, outDir: string, tasks: ExportTask[], gate?: Promise<void>): { done: Promise<WrittenFile[]>; stop(): Promise<void> } {
  const threads: Worker[] = [];
  let settled = false;
  const stop = () => Promise.all(threads.map((thread) => thread.terminate())).then(() => undefined);
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<WrittenFile[]>((resolve, reject) => {
    const files: WrittenFile[][] = tasks.map(() => []);
    let pending = tasks.length;
    // Every thread is ended before the failure is reported, so none writes after it.
    fail = (error: Error) => {
      if (settled) return;
      settled = true;
      void stop().finally(() => reject(error));
    };
    tasks.forEach((task, i) => {
      // Rows become text and are written at once: a small young generation keeps that flat.
      const thread = new Worker(WORKER_FILE, {
        workerData: { dbPath, config, outDir, task, lang: lang(), gated: gate !== undefined } satisfies ExportThreadData,
        resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
      });
      threads.push(thread);
      thread.on('message', (m: ExportThreadMessage) => {
        if ('partReady' in m) threads[0].postMessage(m);
        else if ('error' in m) fail(deserializeError(m.error));
        else {
          files[i] = m.files;
          if (--pending === 0 && !settled) {
            settled = true;
            resolve(['aggregate', 'top', 'database'].flatMap((kind) => files.flat().filter((f) => f.kind === kind)));
          }
        }
      });
      thread.once('error', fail);
      thread.once('exit', (code) => pending > 0 && files[i].length === 0 && fail(new EtlError(ErrorCode.WORKER_FAILED, t().exportThreadExited({ code: String(code) }))));
    });
    gate?.then(
      () => {
        for (const thread of threads) thread.postMessage({ go: true });
      },
      (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))),
    );
  });
  return {
    done,
    stop: async () => {
      fail(new EtlError(ErrorCode.RUN_FAILED, t().exportsStopped));
      await stop();
    },
  };
}

/** Bytes read per call by `describeFile`, into one of two buffers reused for the whole file. */
const DESCRIBE_CHUNK = 4 << 20;

/**
 * Size and sha256 of a file. Two buffers are reused for every read: a stream would allocate a
 * fresh buffer per chunk, and on a warehouse of 1 GB those allocations cost twice the hashing.
 * The next chunk is read (on the pool) while this one is hashed, so the hash alone sets the pace.
 */
export async function describeFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(DESCRIBE_CHUNK), Buffer.allocUnsafe(DESCRIBE_CHUNK)];
  let reading = file.read(buffers[0], 0, DESCRIBE_CHUNK, null);
  try {
    let bytes = 0;
    for (let turn = 0; ; turn ^= 1) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      reading = file.read(buffers[turn ^ 1], 0, DESCRIBE_CHUNK, null);
      hash.update(buffers[turn].subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    // A read still under way (after a failure) ends before the file is closed.
    await reading.catch(() => undefined);
    await file.close();
  }
}
