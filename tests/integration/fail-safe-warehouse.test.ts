import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, utimesSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireWarehouseLock } from '../../batch-job/src/core/warehouse-lock.js';
import { BASE_BATCH, HEADERS, runBatch, tempDir, writeBatch } from '../helpers/etl.js';

/**
 * The two ways the CLI parses: in a worker thread (default) and on the main thread. The
 * refusals below happen before either starts, so they run once; runs that build run on both.
 */
const PATHS: readonly { path: string; flags: readonly string[] }[] = [
  { path: 'worker', flags: [] },
  { path: '--no-worker', flags: ['--no-worker'] },
];

interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function start(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['dist/cli.js', ...args], { env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' } });
}

function ended(child: ChildProcess): Promise<Ended> {
  const t0 = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 })));
}

/** Runs the bundled CLI to its end. */
const etl = (args: readonly string[], env: Record<string, string> = {}) => ended(start(args, env));

/** A warehouse made by the ETL from BASE_BATCH (2 vehicles, 3 rentals, ledger entry "base"), made once. */
let template: string | undefined;

/** A copy of the template warehouse in a new folder (or `dir`). */
async function warehouse(dir = tempDir('wh-')): Promise<string> {
  if (template === undefined) {
    template = join(tempDir('wh-template-'), 'w.db');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', tempDir('wh-out-'), '--db', template, '--batch-id', 'base']);
    expect(run.status).toBe(0);
  }
  const db = join(dir, 'w.db');
  copyFileSync(template, db);
  return db;
}

/** One more vehicle (3) and one more rental (4), valid on top of BASE_BATCH. */
const SECOND_BATCH = {
  'vehiculos.csv': `${HEADERS.vehiculos}\n3,Kia,Rio,2021,Sedán,5,Azul,100,Disponible\n`,
  'rentas.csv': `${HEADERS.rentas}\n4,3,1,2,2,2024-03-01,2024-03-02,700\n`,
};

/** A batch of `n` rentals on BASE_BATCH's vehicles, points and clients: slow enough to be caught mid-run. */
function bigBatch(n: number): Record<string, string> {
  const rows = Array.from({ length: n }, (_, i) => `${i + 1},${(i % 2) + 1},1,2,1,2024-01-01,2024-01-0${(i % 8) + 2},${100 + (i % 900)}`);
  return { ...BASE_BATCH, 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` };
}

function counts(db: string): { vehiculos: number; rentas: number; ledger: string[]; integrity: string } {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      vehiculos: conn.prepare('SELECT count(*) FROM vehiculos').pluck().get() as number,
      rentas: conn.prepare('SELECT count(*) FROM rentas').pluck().get() as number,
      ledger: conn.prepare('SELECT batch_id FROM etl_lotes_aplicados ORDER BY batch_id').pluck().all() as string[],
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    conn.close();
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** No build copy, lock, or journal beside the warehouse. */
function expectNoDebris(dir: string): void {
  expect(readdirSync(dir).filter((n) => /\.build-\d+$|\.lock$|-wal$|-shm$|-journal$|\.takeover(-\d+)?$/.test(n))).toEqual([]);
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A pid that was just used and whose process has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('the warehouse left in WAL mode by another client', () => {
  it.each(PATHS)('is checkpointed under the lock: its -wal rows are kept and no -wal or -shm remains ($path)', async ({ flags }) => {
    const source = await warehouse();
    const dir = tempDir('wal-');
    const db = join(dir, 'w.db');
    // A client that wrote in WAL mode and died: the file plus its -wal, never checkpointed.
    const client = new Database(source);
    client.pragma('journal_mode = WAL');
    client.pragma('wal_autocheckpoint = 0');
    client.prepare(`INSERT INTO vehiculos VALUES (99, 'Ford', 'Ka', 2019, 'Hatch', 5, 'Gris', 1, 'Disponible')`).run();
    copyFileSync(source, db);
    copyFileSync(`${source}-wal`, `${db}-wal`);
    client.close();

    const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', db, '--batch-id', 'second', ...flags]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(counts(db)).toEqual({ vehiculos: 4, rentas: 4, ledger: ['base', 'second'], integrity: 'ok' });
    expectNoDebris(dir);
  });

  it('is refused while another program holds it open, and left as it was', async () => {
    const dir = join(tempDir('wal-open-'), 'wh');
    mkdirSync(dir);
    const db = await warehouse(dir);
    const client = new Database(db);
    client.pragma('journal_mode = WAL');
    client.prepare(`INSERT INTO vehiculos VALUES (99, 'Ford', 'Ka', 2019, 'Hatch', 5, 'Gris', 1, 'Disponible')`).run();
    try {
      const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', db]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^etl: The warehouse \S+w\.db is held open by another program \(SQLITE_BUSY\): close it and run again\.\n$/);
    } finally {
      client.close();
    }
    expect(counts(db)).toEqual({ vehiculos: 3, rentas: 3, ledger: ['base'], integrity: 'ok' });
    // The client left the file in WAL mode: its -wal and -shm belong to it.
    expect(readdirSync(dir).filter((n) => /\.build-|\.lock$/.test(n))).toEqual([]);
  }, 15_000);
});

describe('the warehouse lock (<db>.lock)', () => {
  it('serialises two runs into one --db, so both batches and both ledger entries are kept', async () => {
    const db = await warehouse();
    const [a, b] = await Promise.all([
      etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', db, '--batch-id', 'a']),
      etl(['--input', writeBatch({ 'vehiculos.csv': `${HEADERS.vehiculos}\n4,Seat,Ibiza,2018,Hatch,5,Blanco,9,Disponible\n` }), '--out', tempDir(), '--db', db, '--batch-id', 'b', '--no-worker']),
    ]);
    expect([a.status, b.status, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(counts(db)).toEqual({ vehiculos: 4, rentas: 4, ledger: ['a', 'b', 'base'], integrity: 'ok' });
    expectNoDebris(join(db, '..'));
  });

  it('serialises two runs of the core in one process as well', async () => {
    const dbPath = await warehouse();
    const [a, b] = await Promise.all([runBatch(SECOND_BATCH, { dbPath }), runBatch({ 'vehiculos.csv': `${HEADERS.vehiculos}\n4,Seat,Ibiza,2018,Hatch,5,Blanco,9,Disponible\n` }, { dbPath })]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(counts(dbPath)).toMatchObject({ vehiculos: 4, rentas: 4, integrity: 'ok' });
    expectNoDebris(join(dbPath, '..'));
  });

  it('waits LOCK_WAIT_SECONDS for a live holder, then exits 2 naming its pid, host and start', async () => {
    const db = await warehouse();
    const before = sha256(db);
    const holder = JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-12-01T10:00:00.000Z' });
    writeFileSync(`${db}.lock`, holder);
    const out = tempDir();

    const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', out, '--db', db], { LOCK_WAIT_SECONDS: '1' });

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `etl: The warehouse ${db} is locked by another run (pid ${process.pid} on host ${hostname()} since 2026-12-01T10:00:00.000Z): waited 1 s (LOCK_WAIT_SECONDS); run again when it has finished, or delete ${db}.lock if that process no longer exists.\n`,
    );
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect(run.ms).toBeLessThan(5000);
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe(holder);
    expect(sha256(db)).toBe(before);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(readdirSync(join(db, '..')).filter((n) => n.includes('.build-'))).toEqual([]);
  });

  it('takes over a lock whose process is gone from this host, and removes it at the end', async () => {
    const db = await warehouse();
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-12-01T10:00:00.000Z' }));
    const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', db, '--batch-id', 'second'], { LOCK_WAIT_SECONDS: '0' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(counts(db)).toEqual({ vehiculos: 3, rentas: 4, ledger: ['base', 'second'], integrity: 'ok' });
    expectNoDebris(join(db, '..'));
  });

  it('lets three runs that find a dead holder take over one at a time: every batch lands, none is lost', async () => {
    const db = await warehouse();
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-12-01T10:00:00.000Z' }));
    const vehicle = (id: number) => ({ 'vehiculos.csv': `${HEADERS.vehiculos}\n${id},Seat,Ibiza,2018,Hatch,5,Blanco,9,Disponible\n` });
    const runs = await Promise.all(
      [4, 5, 6].map((id) => etl(['--input', writeBatch(vehicle(id)), '--out', tempDir(), '--db', db, '--batch-id', `v${id}`, '--no-worker'], { LOCK_WAIT_SECONDS: '30' })),
    );
    expect(runs.map((r) => [r.status, r.stderr])).toEqual([[0, ''], [0, ''], [0, '']]);
    expect(counts(db)).toEqual({ vehiculos: 5, rentas: 3, ledger: ['base', 'v4', 'v5', 'v6'], integrity: 'ok' });
    expectNoDebris(join(db, '..'));
  }, 30_000);

  it('refuses a LOCK_WAIT_SECONDS that is not a whole number, before touching anything', async () => {
    const out = join(tempDir(), 'never');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', out], { LOCK_WAIT_SECONDS: 'soon' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('etl: LOCK_WAIT_SECONDS must be a whole number from 0 to 86400, got "soon".\n');
    expect(existsSync(out)).toBe(false);
  });

  it('is released, with the build copy removed, when the run is stopped with SIGTERM', async () => {
    const db = await warehouse();
    const before = sha256(db);
    const child = start(['--input', writeBatch(bigBatch(30_000)), '--out', tempDir(), '--db', db]);
    const done = ended(child);
    await waitFor(() => existsSync(`${db}.build-${child.pid}`));
    child.kill('SIGTERM');
    const run = await done;
    expect(run.signal).toBe('SIGTERM');
    expect(run.stderr).toBe('');
    expect(sha256(db)).toBe(before);
    expectNoDebris(join(db, '..'));
  });
});

describe('acquireWarehouseLock', () => {
  it('takes over an unreadable lock file once it is older than a starting run could leave it', async () => {
    const db = join(tempDir('lock-'), 'w.db');
    writeFileSync(`${db}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${db}.lock`, old, old);
    const lock = await acquireWarehouseLock(db, { waitMs: 0 });
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('waits for an unreadable lock file that a starting run may still be writing', async () => {
    const db = join(tempDir('lock-'), 'w.db');
    writeFileSync(`${db}.lock`, '');
    await expect(acquireWarehouseLock(db, { waitMs: 200, pollMs: 20 })).rejects.toThrow(
      `The warehouse ${db} is locked by another run (a run that is starting): waited 0 s;`,
    );
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe('');
  });

  it('ends with one sentence, not a loop, when a dead holder\'s lock cannot be taken over', async () => {
    // `<db>.lock` fits in a file name, `<db>.lock.takeover` does not (ENAMETOOLONG).
    const db = join(tempDir('lock-'), `${'w'.repeat(244)}.db`);
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-12-01T10:00:00.000Z' }));
    const error = await acquireWarehouseLock(db, { waitMs: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUTPUT_UNUSABLE', message: `The lock file ${db}.lock.takeover cannot be created (ENAMETOOLONG): the warehouse's folder must be writable.` });
  }, 5_000);

  it('removes on release only a lock that is still its own', async () => {
    const db = join(tempDir('lock-'), 'w.db');
    const lock = await acquireWarehouseLock(db, { waitMs: 0 });
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', since: '2026-12-01T10:00:00.000Z' });
    writeFileSync(`${db}.lock`, other);
    lock.release();
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe(other);
  });
});

describe('a run killed midway', () => {
  it('has already removed the previous manifest, and the next run removes its build copy and takes over its lock', async () => {
    const db = await warehouse();
    const out = tempDir();
    expect((await etl(['--input', writeBatch(BASE_BATCH), '--out', out, '--db', db])).status).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    const before = sha256(db);

    const child = start(['--input', writeBatch(bigBatch(30_000)), '--out', out, '--db', db]);
    const killed = ended(child);
    await waitFor(() => existsSync(`${db}.build-${child.pid}`));
    child.kill('SIGKILL');
    await killed;
    // The old manifest no longer vouches for exports the killed run may have half-written.
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(existsSync(`${db}.lock`)).toBe(true);
    expect(sha256(db)).toBe(before);

    const next = await etl(['--input', writeBatch(SECOND_BATCH), '--out', out, '--db', db, '--batch-id', 'second'], { LOCK_WAIT_SECONDS: '0' });
    expect([next.status, next.stderr]).toEqual([0, '']);
    expectNoDebris(join(db, '..'));
    // The killed run's 30 000 rentals never reached the warehouse.
    expect(counts(db)).toEqual({ vehiculos: 3, rentas: 4, ledger: ['base', 'batch', 'second'], integrity: 'ok' });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { outputs: { path: string; sha256: string }[] };
    for (const o of manifest.outputs) expect(sha256(isAbsolute(o.path) ? o.path : join(out, o.path))).toBe(o.sha256);
  }, 20_000);
});

describe('a symlinked --db', () => {
  it.each(PATHS)('writes the file the link points at and keeps the link ($path)', async ({ flags }) => {
    const db = await warehouse();
    const link = join(tempDir('link-'), 'link.db');
    symlinkSync(db, link);
    const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', link, '--batch-id', 'second', ...flags]);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(counts(db)).toEqual({ vehiculos: 3, rentas: 4, ledger: ['base', 'second'], integrity: 'ok' });
    expectNoDebris(join(db, '..'));
    expectNoDebris(join(link, '..'));
  });
});

describe('outputs that would overwrite inputs', () => {
  it('refuses --out equal to --input (AGGREGATE_TABLE=rentas would write rentas.csv) before touching anything', async () => {
    const input = writeBatch(BASE_BATCH);
    // RENTAS_TABLE moves aside so that the aggregate may take the name rentas.
    const run = await etl(['--input', input, '--out', `${input}/`], { AGGREGATE_TABLE: 'rentas', RENTAS_TABLE: 'contratos' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: --out ${input}/ is the --input folder: the outputs would be written among the batch's files; choose another --out.\n`);
    expect(readdirSync(input).sort()).toEqual(Object.keys(BASE_BATCH).sort());
    expect(readFileSync(join(input, 'rentas.csv'), 'utf8')).toBe(BASE_BATCH['rentas.csv']);
  });

  it('refuses a --db that is one of the batch files, and leaves it as it was', async () => {
    const input = writeBatch(BASE_BATCH);
    const out = join(tempDir(), 'never');
    const run = await etl(['--input', input, '--out', out, '--db', join(input, 'rentas.csv')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: The output ${join(input, 'rentas.csv')} would overwrite the input file rentas.csv of this batch: choose an --out and --db apart from the input files.\n`);
    expect(readFileSync(join(input, 'rentas.csv'), 'utf8')).toBe(BASE_BATCH['rentas.csv']);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a --db or --out that cannot be used', () => {
  it('exits 2 with one sentence for a --db that is not SQLite, and leaves the file alone', async () => {
    const dir = tempDir('notdb-');
    const db = join(dir, 'notes.txt');
    writeFileSync(db, 'these are not the rows you are looking for\n');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--db', db]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: --db ${db} is not a SQLite database, or is damaged: expected a warehouse made by this ETL, or a path where a new one is created.\n`);
    expect(readFileSync(db, 'utf8')).toBe('these are not the rows you are looking for\n');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('exits 2 with one sentence for a --db that is a folder', async () => {
    const dir = tempDir('dbdir-');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--db', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: --db ${dir} is a folder: expected a SQLite warehouse file, or a path where a new one is created.\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 promptly with the schema sentence for a --db whose table is not this ETL\'s', async () => {
    const dir = tempDir('foreign-');
    const db = join(dir, 'w.db');
    const foreign = new Database(db);
    foreign.exec(`CREATE TABLE rentas (folio TEXT, monto REAL); INSERT INTO rentas VALUES ('F-1', 10.5)`);
    foreign.close();
    for (const { flags } of PATHS) {
      const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--db', db, ...flags]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        'etl: The warehouse has tables but not vehiculos (VEHICULOS_TABLE), puntos_renta (PUNTOS_RENTA_TABLE), clientes (CLIENTES_TABLE), vehiculos_mas_reservados (AGGREGATE_TABLE): it was made with other table names or not by this ETL; set those settings to the names it has, or load into a new warehouse.\n',
      );
      expect(run.ms).toBeLessThan(5000);
    }
    expect(readdirSync(dir)).toEqual(['w.db']);
    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT name FROM sqlite_master').pluck().all()).toEqual(['rentas']);
    after.close();
  }, 15_000);

  it('exits 2 with one sentence for an --out that is a file', async () => {
    const file = join(tempDir(), 'out.txt');
    writeFileSync(file, 'x');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: --out ${file} is a file, not a folder: expected a folder for the run's outputs.\n`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

/** Small tmpfs mounts (as root): a read-only folder and a nearly full disk. */
describe('a read-only --out and a disk with no room for the build copy', () => {
  const mounts: string[] = [];
  let canMount = false;
  const mount = (options: string): string => {
    const dir = tempDir('mnt-');
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
    mounts.push(dir);
    return dir;
  };
  beforeAll(() => {
    canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  });
  afterAll(() => {
    for (const dir of mounts) spawnSync('umount', [dir]);
    for (const dir of mounts) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with one sentence for a read-only --out', async ({ skip }) => {
    if (!canMount) skip();
    const dir = mount('size=1m');
    expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: --out ${dir} cannot be written (EROFS): expected a folder this run may write.\n`);
  });

  it('exits 2 with one sentence when the disk has no room to copy the warehouse, which stays as it was', async ({ skip }) => {
    if (!canMount) skip();
    const source = await warehouse();
    const padding = new Database(source);
    padding.exec('CREATE TABLE relleno (b BLOB); INSERT INTO relleno VALUES (randomblob(1200000))');
    padding.close();
    const dir = mount('size=2m');
    const db = join(dir, 'w.db');
    copyFileSync(source, db);
    const before = sha256(db);

    const run = await etl(['--input', writeBatch(SECOND_BATCH), '--out', tempDir(), '--db', db]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^etl: No room on the disk to copy the warehouse ${db} \\(\\d+ bytes\\) to ${db}\\.build-\\d+ \\(ENOSPC\\): the warehouse is unchanged; free some space or fix the disk, then run again\\.\\n$`),
    );
    expect(sha256(db)).toBe(before);
    expect(counts(db).integrity).toBe('ok');
    expectNoDebris(dir);
  });
});

describe('a small batch into a --db warehouse, written in one transaction (the incremental path)', () => {
  /** A warehouse of 200 rentals (made once), which a batch of one rental joins by the incremental path. */
  let base: string | undefined;
  async function largeWarehouse(dir = tempDir('wh-')): Promise<string> {
    if (base === undefined) {
      base = join(tempDir('wh-large-'), 'w.db');
      const run = await etl(['--input', writeBatch(bigBatch(200)), '--out', tempDir(), '--db', base, '--batch-id', 'base']);
      expect(run.status).toBe(0);
    }
    const db = join(dir, 'w.db');
    copyFileSync(base, db);
    return db;
  }
  /** One rental in a month the warehouse has none of: a new group, and changes to the roll-ups. */
  const ONE_RENTAL = { 'rentas.csv': `${HEADERS.rentas}\n1001,2,2,1,2,2024-02-01,2024-02-03,900\n` };
  const CHANGES = 'vehiculos_mas_reservados.cambios.csv';

  interface Published {
    batchId: string;
    warnings?: string[];
    aggregate: { export: string; changedGroups: number };
    warehouse: { key: string; versionId: null; bytes: number; sha256: string; sequence: number };
    outputs: { kind: string; path: string; bytes: number; sha256: string }[];
  }
  const manifestIn = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Published;

  function aggregateRows(db: string): unknown[] {
    const conn = new Database(db, { readonly: true });
    try {
      return conn.prepare('SELECT * FROM vehiculos_mas_reservados ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes').raw().all();
    } finally {
      conn.close();
    }
  }

  /** Every output the manifest lists is on disk with its size and checksum, and the warehouse block is the file's. */
  function expectManifestTrue(out: string, db: string, manifest: Published): void {
    for (const o of manifest.outputs) expect({ kind: o.kind, sha256: sha256(join(out, o.path)) }).toEqual({ kind: o.kind, sha256: o.sha256 });
    expect({ bytes: manifest.warehouse.bytes, sha256: manifest.warehouse.sha256 }).toEqual({ bytes: lstatSync(db).size, sha256: sha256(db) });
  }

  /** The same batch through a build copy (AGGREGATE_EXPORT=full takes it), for comparison. */
  async function throughCopy(): Promise<{ db: string; out: string }> {
    const db = await largeWarehouse();
    const out = tempDir();
    const run = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'], { AGGREGATE_EXPORT: 'full' });
    expect([run.status, run.stderr]).toEqual([0, '']);
    return { db, out };
  }

  it.each(PATHS)('writes the warehouse file itself and publishes what a build copy would ($path)', async ({ flags }) => {
    const db = await largeWarehouse();
    const inode = lstatSync(db).ino;
    const out = tempDir();

    const run = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one', ...flags]);

    expect([run.status, run.stderr]).toEqual([0, '']);
    // Not replaced by a copy: the same file, changed in place.
    expect(lstatSync(db).ino).toBe(inode);
    const manifest = manifestIn(out);
    expect(manifest.aggregate.export).toBe('changes');
    expect(manifest.warehouse.sequence).toBe(2);
    expect(manifest.outputs.map((o) => o.kind)).toEqual(['aggregate_changes', 'top', 'report']);
    expectManifestTrue(out, db, manifest);
    expectNoDebris(join(db, '..'));

    const copy = await throughCopy();
    expect(lstatSync(copy.db).ino).not.toBe(inode);
    expect(aggregateRows(db)).toEqual(aggregateRows(copy.db));
    expect(readFileSync(join(out, CHANGES), 'utf8')).toBe(readFileSync(join(copy.out, CHANGES), 'utf8'));
    expect(readFileSync(join(out, 'top_vehiculos.csv'), 'utf8')).toBe(readFileSync(join(copy.out, 'top_vehiculos.csv'), 'utf8'));
    expect(counts(db)).toEqual({ ...counts(copy.db), integrity: 'ok' });
  });

  it('changes nothing when killed before the commit, and the next run applies the batch once', async () => {
    const db = await largeWarehouse();
    const before = { sha256: sha256(db), counts: counts(db) };
    const out = tempDir();

    const killed = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'], { RENTAS_TEST_STOP_AT: 'before-commit' });

    expect(killed.signal).toBe('SIGKILL');
    // The batch's pages were still in the run's memory: the file was not touched.
    expect(sha256(db)).toBe(before.sha256);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);

    const next = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'], { LOCK_WAIT_SECONDS: '0' });
    expect([next.status, next.stderr]).toEqual([0, '']);
    expect(counts(db)).toEqual({ ...before.counts, rentas: before.counts.rentas + 1, ledger: ['base', 'one'] });
    const manifest = manifestIn(out);
    expect(manifest.warnings).toBeUndefined();
    expect(manifest.aggregate.changedGroups).toBeGreaterThan(0);
    expectManifestTrue(out, db, manifest);
    expectNoDebris(join(db, '..'));
  });

  it('is completed by the next run of the batch when killed after the commit: the changes are published once, the batch applied once', async () => {
    const db = await largeWarehouse();
    const rentals = counts(db).rentas;
    const out = tempDir();
    const args = ['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'];

    const killed = await etl(args, { RENTAS_TEST_STOP_AT: 'after-commit' });

    expect(killed.signal).toBe('SIGKILL');
    expect(counts(db)).toMatchObject({ rentas: rentals + 1, ledger: ['base', 'one'], integrity: 'ok' });
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(existsSync(join(out, 'manifest.json.part'))).toBe(true);

    const next = await etl(args, { LOCK_WAIT_SECONDS: '0' });

    expect([next.status, next.stderr]).toEqual([0, '']);
    const manifest = manifestIn(out);
    expect(manifest.warnings).toEqual([expect.stringMatching(/^Completed by a later run: the run of batch one that started at \S+ stopped after its commit/)]);
    expect(manifest.warehouse.sequence).toBe(2);
    expect(manifest.outputs.map((o) => o.kind)).toEqual(['aggregate_changes', 'top', 'report']);
    expectManifestTrue(out, db, manifest);
    expect(counts(db)).toMatchObject({ rentas: rentals + 1, ledger: ['base', 'one'] });
    // What an uninterrupted run publishes: the new group, not an empty list.
    const copy = await throughCopy();
    expect(readFileSync(join(out, CHANGES), 'utf8')).toBe(readFileSync(join(copy.out, CHANGES), 'utf8'));
    expect(readFileSync(join(out, 'top_vehiculos.csv'), 'utf8')).toBe(readFileSync(join(copy.out, 'top_vehiculos.csv'), 'utf8'));
    expect(existsSync(join(out, 'manifest.json.part'))).toBe(false);
    expectNoDebris(join(db, '..'));
  });

  it('keeps the outputs of a batch stopped after its commit from any other run into that --out, and names them once later batches make them stale', async () => {
    const db = await largeWarehouse();
    const out = tempDir();
    const args = ['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'];
    expect((await etl(args, { RENTAS_TEST_STOP_AT: 'after-commit' })).signal).toBe('SIGKILL');
    const pendingFiles = readdirSync(out).sort();
    const other = { 'rentas.csv': `${HEADERS.rentas}\n1002,1,1,2,1,2024-03-01,2024-03-02,500\n` };

    // Another batch into the same --out would remove them: refused, nothing changed.
    const before = sha256(db);
    const refused = await etl(['--input', writeBatch(other), '--out', out, '--db', db, '--batch-id', 'two']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `etl: ${out} holds the unpublished outputs of batch one (sequence 2), whose run stopped after it applied the batch to the warehouse: ` +
        `run batch one again into ${out} first (the same command completes them), or choose another --out; this run changed nothing.\n`,
    );
    expect(sha256(db)).toBe(before);
    expect(readdirSync(out).sort()).toEqual(pendingFiles);

    // A later batch into another --out makes them stale: the sentence says so, and they stay.
    expect((await etl(['--input', writeBatch(other), '--out', tempDir(), '--db', db, '--batch-id', 'two'])).status).toBe(0);
    const stale = await etl(args);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toMatch(/can no longer be completed\. Give its changes \(\S+vehiculos_mas_reservados\.cambios\.csv\) to the consumers that replay them/);
    expect(readdirSync(out).sort()).toEqual(pendingFiles);
  });

  it('says so when a batch run again changes nothing: its changes are in the run that applied it', async () => {
    const db = await largeWarehouse();
    const args = (out: string) => ['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'];
    expect((await etl(args(tempDir()))).status).toBe(0);
    const out = tempDir();
    const again = await etl(args(out));
    expect([again.status, again.stderr]).toEqual([0, '']);
    const manifest = manifestIn(out);
    expect(manifest.warnings).toEqual([
      'Batch one was already applied to this warehouse (sequence 2) and this run changed nothing in it: its changes were published by the run that applied it.',
    ]);
    expect(manifest.warehouse.sequence).toBe(2);
    expect(manifest.aggregate.changedGroups).toBe(0);
  });

  it('fails with one sentence, leaving the warehouse as it was, while another program is writing it', async () => {
    const db = await largeWarehouse();
    const before = sha256(db);
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('UPDATE vehiculos SET color = color WHERE id_vehiculo = 1').run();
    let run: Ended;
    try {
      run = await etl(['--input', writeBatch(ONE_RENTAL), '--out', tempDir(), '--db', db, '--batch-id', 'one'], { LOCK_WAIT_SECONDS: '1' });
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`etl: The warehouse ${db} is held open by another program (SQLITE_BUSY): close it and run again.\n`);
    expect(sha256(db)).toBe(before);
    expectNoDebris(join(db, '..'));
  });

  it('says the batch is applied when its outputs cannot be completed after the commit, and the next run completes them', async () => {
    const db = await largeWarehouse();
    const rentals = counts(db).rentas;
    const out = tempDir();
    mkdirSync(join(out, 'report.html'));
    const args = ['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'];

    const run = await etl(args);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^etl: The batch is in the warehouse, but its outputs in ${out} could not be completed \\(.*EISDIR.*\\): run the same command again to complete them; it will not apply the batch twice\\.\\n$`),
    );
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    rmSync(join(out, 'report.html'), { recursive: true });

    const next = await etl(args);

    expect([next.status, next.stderr]).toEqual([0, '']);
    const manifest = manifestIn(out);
    expect(manifest.warnings).toHaveLength(1);
    expect(manifest.outputs.map((o) => o.kind)).toEqual(['aggregate_changes', 'top', 'report']);
    expectManifestTrue(out, db, manifest);
    expect(counts(db)).toMatchObject({ rentas: rentals + 1, ledger: ['base', 'one'] });
    expectNoDebris(join(db, '..'));
  });

  it('fails with one sentence, leaving the warehouse as it was, when a reader holds the commit back longer than LOCK_WAIT_SECONDS', async () => {
    const db = await largeWarehouse();
    const before = sha256(db);
    const out = tempDir();
    const reader = new Database(db, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM rentas').get();
    let run: Ended;
    try {
      run = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one'], { LOCK_WAIT_SECONDS: '1' });
    } finally {
      reader.close();
    }
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `etl: Another program kept reading the warehouse ${db} for more than 1 s (LOCK_WAIT_SECONDS) when this run had to write the batch into it (SQLITE_BUSY): ` +
        'the warehouse is unchanged; close that program, or raise LOCK_WAIT_SECONDS, and run again.\n',
    );
    expect(sha256(db)).toBe(before);
    expect(readdirSync(out).filter((n) => n !== 'rejects')).toEqual([]);
    expectNoDebris(join(db, '..'));

    const next = await etl(['--input', writeBatch(ONE_RENTAL), '--out', out, '--db', db, '--batch-id', 'one']);
    expect([next.status, next.stderr]).toEqual([0, '']);
  });
});
