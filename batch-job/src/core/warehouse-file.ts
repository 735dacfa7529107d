import { accessSync, closeSync, constants, copyFileSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync, rmSync, statSync, lstatSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import { processGone } from './warehouse-lock.js';

/** The paths a run reads and writes, checked before anything is touched. */
export interface RunPaths {
  readonly inputDir: string;
  readonly outDir: string;
  /** The warehouse file, links resolved. */
  readonly target: string;
  /** Whether `target` came from --db (else it is the run's own new file in --out). */
  readonly fromDbOption: boolean;
  readonly inputFiles: readonly string[];
  /** Every file the run may write. */
  readonly outputs: readonly string[];
}

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/**
 * The file a warehouse path names, through any symbolic links (a dangling link names the file
 * it will create), so the run writes the real warehouse instead of replacing the link.
 */
export function resolveWarehousePath(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) break;
      link = readlinkSync(current);
    } catch {
      break;
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

/**
 * Refuses, before anything is written, a run whose outputs cannot be written or would
 * overwrite an input: --out that is a file or not writable, --out that is the --input folder,
 * a warehouse path that is a folder, and any output that is one of the batch's files (by
 * device and inode, so links and case-insensitive names are caught too).
 */
export function checkRunPaths(paths: RunPaths): void {
  const out = statOrUndefined(paths.outDir);
  if (out && !out.isDirectory()) {
    throw new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().outIsFile({ dir: paths.outDir }));
  }
  if (out) requireWritable(paths.outDir, 'out');
  const input = statOrUndefined(paths.inputDir);
  if (out && input && sameFile(out, input)) {
    throw new EtlError(ErrorCode.OUTPUT_OVERWRITES_INPUT, t().outIsInput({ dir: paths.outDir }));
  }
  const db = statOrUndefined(paths.target);
  const named = paths.fromDbOption ? `--db ${paths.target}` : t().warehouseNamed({ path: paths.target });
  if (db?.isDirectory()) {
    throw new EtlError(ErrorCode.WAREHOUSE_UNUSABLE, t().warehouseIsFolder({ named }));
  }
  const folder = statOrUndefined(dirname(paths.target));
  if (paths.fromDbOption && folder?.isDirectory()) requireWritable(dirname(paths.target), 'dbFolder');
  const inputs = paths.inputFiles.map((p) => ({ path: p, stats: statOrUndefined(p) }));
  for (const output of paths.outputs) {
    const stats = statOrUndefined(output);
    const input = stats && inputs.find((i) => i.stats && sameFile(i.stats, stats));
    if (input) {
      const file = basename(input.path);
      throw new EtlError(ErrorCode.OUTPUT_OVERWRITES_INPUT, t().outputOverwritesInput({ output, file, withDb: paths.fromDbOption }), { file });
    }
  }
  if (paths.fromDbOption && db && db.size > 0 && !startsWithSqliteHeader(paths.target)) throw notSqlite(paths.target, `--db ${paths.target}`);
}

/** Which folder a sentence is about: --out, or the folder --db names a warehouse in. */
export type RunFolder = 'out' | 'dbFolder';

const folderNamed = (folder: RunFolder): string => (folder === 'out' ? '--out' : t().folderOfDb);

function requireWritable(dir: string, folder: RunFolder): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().folderNotWritable({ what: folderNamed(folder), dir, code: errnoOf(e) }), {}, { cause: e });
  }
}

/** Creates a folder the run writes into, with one sentence when that is not possible. */
export function makeFolder(dir: string, folder: RunFolder): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().folderNotCreated({ what: folderNamed(folder), dir, code: errnoOf(e) }), {}, { cause: e });
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Makes an existing warehouse file complete on its own, so that copying the main file copies
 * the whole warehouse: a warehouse another client left in WAL mode has its `-wal` frames
 * checkpointed and is switched back to a rollback journal (which removes `-wal` and `-shm`),
 * and a hot rollback journal is rolled back by the first read. Call it under the warehouse
 * lock. A file that is not SQLite is refused, as is one another program holds open in WAL mode.
 */
export function settleWarehouse(path: string): void {
  const size = statOrUndefined(path)?.size;
  if (size === undefined) return;
  if (size > 0 && !startsWithSqliteHeader(path)) throw notSqlite(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 2000 });
    if (db.pragma('journal_mode', { simple: true }) === 'wal') {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    }
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new EtlError(ErrorCode.WAREHOUSE_LOCKED, t().warehouseHeldOpen({ path, code }), { file: basename(path) }, { cause: e });
    }
    if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) throw notSqlite(path, undefined, e);
    throw e;
  } finally {
    db?.close();
  }
}

function startsWithSqliteHeader(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new EtlError(ErrorCode.WAREHOUSE_UNUSABLE, t().warehouseUnreadable({ path, code: errnoOf(e) }), { file: basename(path) }, { cause: e });
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

function notSqlite(path: string, named = t().warehouseNamed({ path }), cause?: unknown): EtlError {
  return new EtlError(ErrorCode.WAREHOUSE_UNUSABLE, t().warehouseNotSqlite({ named }), { file: basename(path) }, { cause });
}

/** The private copy a run builds in, beside the warehouse so that the rename stays on one file system. */
export function buildPath(target: string, pid = process.pid): string {
  return `${target}.build-${pid}`;
}

/**
 * Removes the build copies of this warehouse left by runs that were killed or crashed: those
 * whose process is gone from this host (and this process's own, which cannot be in use while
 * it holds the lock). Call it under the warehouse lock.
 */
export function removeOrphanBuilds(target: string): string[] {
  const prefix = `${basename(target)}.build-`;
  const removed: string[] = [];
  for (const name of readdirSync(dirname(target))) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (!/^\d+$/.test(pid)) continue;
    if (Number(pid) === process.pid || processGone(Number(pid))) {
      rmSync(resolve(dirname(target), name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Copies the warehouse into the build copy: a copy-on-write clone where the file system has
 * them (XFS, Btrfs, APFS), else a plain copy. A failure (no room, EIO) leaves no partial copy.
 */
export function cloneWarehouse(from: string, to: string): void {
  try {
    copyFileSync(from, to, constants.COPYFILE_FICLONE);
  } catch (e) {
    rmSync(to, { force: true });
    const code = errnoOf(e);
    const message =
      code === 'ENOSPC' || code === 'EDQUOT' ? t().warehouseCopyNoRoom({ from, bytes: statSync(from).size, to, code }) : t().warehouseCopyFailed({ from, to, code });
    throw new EtlError(ErrorCode.IO_FAULT, message, { file: basename(from) }, { cause: e });
  }
}

/**
 * Removes `-wal`, `-shm` and `-journal` files beside a warehouse that was just replaced by
 * its build: they belonged to the file it replaced, and SQLite would apply them to the new one.
 */
export function removeStrayJournals(target: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
}

/** Forces a finished file to disk (on a thread of the pool, so that other work, such as hashing the same file, goes on). */
export async function forceToDisk(path: string): Promise<void> {
  const file = await open(path, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
