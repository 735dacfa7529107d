import { closeSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';

/** Who holds a warehouse: written as JSON into `<db>.lock`. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface WarehouseLock {
  /** Removes the lock file if it is still this run's; safe to call more than once. */
  release(): void;
  /** Files removed with the lock when the process is interrupted (the run's build copy). */
  removeOnInterrupt(path: string): void;
}

export interface LockOptions {
  /** How long to wait for another run to finish (LOCK_WAIT_SECONDS), in milliseconds. */
  readonly waitMs: number;
  readonly pollMs?: number;
  /** The setting that gave `waitMs`, named in the sentence when the wait runs out. */
  readonly setting?: string;
}

/** A lock file created but not written yet is someone's, for this long; after that it is debris. */
const UNWRITTEN_GRACE_MS = 10_000;

/** Whether a process of this host has ended (a pid that cannot be signalled because of rights is alive). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Locks a warehouse file for a whole run, so two runs into one file cannot both build from it
 * and lose the other's batch on the rename. The lock is `<db>.lock`, created exclusively
 * (O_EXCL) and holding the holder's pid, host and start time. A lock whose process is gone
 * from this host is taken over; a live one is waited for, polling, up to `waitMs`, and then
 * the run is refused with a sentence naming the holder. The lock is released by `release()`
 * (call it in `finally`), and on SIGINT, SIGTERM or exit.
 */
export async function acquireWarehouseLock(dbPath: string, options: LockOptions): Promise<WarehouseLock> {
  const lockPath = `${dbPath}.lock`;
  const deadline = Date.now() + options.waitMs;
  const pollMs = options.pollMs ?? 100;
  for (;;) {
    const mine = tryCreate(lockPath);
    if (mine !== undefined) return held(lockPath, mine);
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'debris' || (holder !== 'unwritten' && holder.host === hostname() && holderGone(holder, lockPath))) {
      // Another run taking over at the same moment: give it a poll's time.
      if (!takeOver(lockPath, holder)) await sleep(pollMs);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(dbPath, holder, options);
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Whether a holder of this host has ended. A holder with this process's own pid is gone unless
 * this process holds the lock: a container's pids repeat from one run to the next.
 */
function holderGone(holder: LockHolder, lockPath: string): boolean {
  if (holder.pid === process.pid) return ![...heldLocks].some((h) => h.lockPath === lockPath);
  return processGone(holder.pid);
}

/** Creates the lock file if none exists; its content (to recognise it later), else undefined. */
function tryCreate(lockPath: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw lockFileError(lockPath, e);
  }
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockHolder);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return content;
}

/** A lock file (or its takeover guard) that cannot be created for another reason than that it exists. */
function lockFileError(path: string, e: unknown): EtlError {
  return new EtlError(ErrorCode.OUTPUT_UNUSABLE, t().lockNotCreated({ path, code: (e as NodeJS.ErrnoException).code ?? 'error' }), { file: basename(path) }, { cause: e });
}

/**
 * The lock's holder; 'gone' when the file vanished meanwhile, 'unwritten' while its creator
 * may still be writing it, 'debris' when it has been unreadable for longer than that.
 */
function readHolder(lockPath: string): LockHolder | 'gone' | 'unwritten' | 'debris' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.since === 'string') return parsed as LockHolder;
  } catch {
    // Not JSON (yet): judged by its age below.
  }
  try {
    if (Date.now() - statSync(lockPath).mtimeMs < UNWRITTEN_GRACE_MS) return 'unwritten';
  } catch {
    return 'gone';
  }
  return 'debris';
}

/**
 * Removes a dead holder's lock. Takeovers are serialised by a guard file `<lock>.takeover`
 * created exclusively: under it the lock is read again and removed only if it is still the
 * dead holder's, so a run can never remove a lock that another run has just created (which a
 * rename-and-put-back cannot promise with three runs at once). A run that finds the guard
 * taken waits a poll and tries again from the start (a guard that cannot be created at all, in
 * a folder this run may not write, ends the run with one sentence instead of a loop); a guard left by a run killed during its few milliseconds
 * of takeover is removed once it is older than TAKEOVER_GUARD_STALE_MS.
 */
function takeOver(lockPath: string, dead: LockHolder | 'debris'): boolean {
  const guard = `${lockPath}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockFileError(guard, e);
    removeStaleGuard(guard);
    return false;
  }
  closeSync(fd);
  try {
    const now = readHolder(lockPath);
    const same = typeof now === 'object' && typeof dead === 'object' ? now.pid === dead.pid && now.since === dead.since && now.host === dead.host : now === dead;
    if (same) rmSync(lockPath, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/** A takeover takes milliseconds: a guard older than this was left by a run that died in it. */
const TAKEOVER_GUARD_STALE_MS = 10_000;

function removeStaleGuard(guard: string): void {
  try {
    if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_GUARD_STALE_MS) rmSync(guard, { force: true });
  } catch {
    // Gone meanwhile: the next round sees.
  }
}

function lockedError(dbPath: string, holder: LockHolder | 'unwritten', options: LockOptions): EtlError {
  const who = holder === 'unwritten' ? t().lockHolderStarting : t().lockHolder(holder);
  const seconds = Math.round(options.waitMs / 1000);
  return new EtlError(ErrorCode.WAREHOUSE_LOCKED, t().warehouseLocked({ path: dbPath, holder: who, seconds, setting: options.setting }), {
    file: basename(dbPath),
  });
}

/** Locks this process holds, released on a signal or at exit. */
const heldLocks = new Set<{ lockPath: string; content: string; extra: Set<string> }>();

function held(lockPath: string, content: string): WarehouseLock {
  const entry = { lockPath, content, extra: new Set<string>() };
  heldLocks.add(entry);
  watchSignals();
  return {
    release: () => {
      if (!heldLocks.delete(entry)) return;
      removeIfMine(lockPath, content);
      if (heldLocks.size === 0) unwatchSignals();
    },
    removeOnInterrupt: (path) => entry.extra.add(path),
  };
}

function removeIfMine(lockPath: string, content: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
  } catch {
    // Already gone.
  }
}

function releaseAll(): void {
  for (const entry of heldLocks) {
    for (const path of entry.extra) rmSync(path, { force: true });
    removeIfMine(entry.lockPath, entry.content);
  }
  heldLocks.clear();
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * On SIGINT or SIGTERM the locks (and the build copies) are removed. When nothing else
 * listens for the signal, it is raised again without this listener, so the process ends the
 * way it would have (status 130 or 143).
 */
function onSignal(signal: NodeJS.Signals): void {
  releaseAll();
  unwatchSignals();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let watching = false;

function watchSignals(): void {
  if (watching) return;
  watching = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', releaseAll);
}

function unwatchSignals(): void {
  if (!watching) return;
  watching = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', releaseAll);
}
