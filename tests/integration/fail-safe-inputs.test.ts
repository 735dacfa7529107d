import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { TEMP_TABLES } from '../../batch-job/src/core/warehouse-names.js';
import { JobExit, jobExitFor } from '../../batch-job/src/job-exit.js';
import { type JobStore, runBatchJob } from '../../batch-job/src/batch-job-run.js';
import { ConfigError, ErrorCode, EtlError, ioFault } from '../../common/errors.js';
import { decideHeader } from '../../common/header.js';
import { allRowsRejected, type Manifest } from '../../common/manifest.js';
import { catalogue } from '../../common/i18n/index.js';
import { contractFor } from '../../common/tables/index.js';
import { BASE_BATCH, HEADERS, runBatch, tempDir, writeBatch } from '../helpers/etl.js';
import { runEtl } from '../../batch-job/src/core/run-etl.js';
import { readRecords } from '../../batch-job/src/core/csv-records.js';
import { summary } from '../../batch-job/src/cli-format.js';

interface Outcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the bundled CLI, killed after `timeoutMs`: a run that outlives its error fails the test
 * (each of these runs takes well under a second alone; the margin is for a loaded machine).
 */
function etl(args: string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli.js', ...args],
      { encoding: 'utf8', env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, signal: error?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/**
 * Runs the core in this process as the CLI does with --no-worker (from the sources there is
 * no parser thread), and words the outcome as the CLI would: cheaper than a process per case.
 */
async function core(args: { input: string; out: string; db?: string }, env: Record<string, string> = {}): Promise<Outcome> {
  const done = (status: number, stdout: string, stderr: string): Outcome => ({ status, signal: null, stdout, stderr });
  try {
    const result = await runEtl({ config: loadConfig(env), inputDir: args.input, outDir: args.out, dbPath: args.db, parseInWorker: false });
    const errors = Object.entries(result.manifest.tables).flatMap(([table, t]) => [
      ...(t.status === 'rejected' ? [`etl: ${t.error}\n`] : []),
      ...(allRowsRejected(t) ? [`etl: ${catalogue('en').cliAllRejected({ file: t.file ?? table, count: t.rejected, rejects: `${args.out}/rejects/${table}.csv` })}\n`] : []),
    ]);
    return done(result.exitCode, `${summary(result.manifest, args.out)}\n`, errors.join(''));
  } catch (e) {
    return done(2, '', e instanceof EtlError ? `etl: ${e.message}\n` : `etl: unexpected failure: ${(e as Error).stack}\n`);
  }
}

/** Both ways a file is read: in the parser thread of the bundled CLI, and in the main thread (--no-worker). */
const PATHS = [
  { name: 'in the parser thread', run: (a: { input: string; out: string; db?: string }, env: Record<string, string> = {}) => etl(cliArgs(a), env) },
  { name: 'in the main thread (--no-worker)', run: core },
];
const cliArgs = (a: { input: string; out: string; db?: string }) => ['--input', a.input, '--out', a.out, ...(a.db ? ['--db', a.db] : [])];

/** Exit 2 in bounded time with one sentence on stderr, and nothing on stdout. */
function expectFailure(run: Outcome, sentence: RegExp): void {
  expect(run.signal, 'the process outlived its error').toBeNull();
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^etl: [^\n]+\.\n$/);
  expect(run.stderr).toMatch(sentence);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let template: string;
beforeAll(async () => {
  template = (await runBatch(BASE_BATCH)).dbPath;
});

/** A warehouse loaded with BASE_BATCH, in a folder of its own, and its checksum. */
function baseWarehouse(): { db: string; sha: string } {
  const db = join(tempDir('rentas-failsafe-db-'), 'w.db');
  copyFileSync(template, db);
  return { db, sha: sha256(db) };
}

/** The warehouse is the one it was, sound, with nothing beside it that does not belong. */
function expectUntouched(warehouse: { db: string; sha: string }): void {
  expect(sha256(warehouse.db)).toBe(warehouse.sha);
  const db = new Database(warehouse.db, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) FROM rentas').pluck().get()).toBe(3);
  } finally {
    db.close();
  }
  const dir = join(warehouse.db, '..');
  expect(readdirSync(dir).filter((f) => /\.build-|-wal$|-shm$|-journal$/.test(f))).toEqual([]);
}

/** No partial output of a failed run: no rejects, exports, report or build copy. */
function expectNoDebris(outDir: string): void {
  if (!existsSync(outDir)) return;
  const files = readdirSync(outDir, { recursive: true }).map(String);
  expect(files.filter((f) => /\.csv|report\.html|\.build-|\.tail$|-wal$|-shm$/.test(f))).toEqual([]);
}

const manifestOf = (outDir: string) => JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;

/** Rentals whose fecha_inicio is not a date: each is rejected, with a long reason line. */
function badRentals(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `${i + 1},1,1,2,1,no-es-una-fecha-${'x'.repeat(60)},2024-01-03,1500`);
  return `${HEADERS.rentas}\n${rows.join('\n')}\n`;
}

/** Root may mount: the disk-full and EIO cases use a real tmpfs and a real EIO. */
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const dir = tempDir('rentas-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const mounted: string[] = [];

/** A fresh folder on a tmpfs of `size` (e.g. "256k"): writing more fills the disk (ENOSPC). */
function smallDisk(size: string): string {
  const dir = tempDir('rentas-small-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of mounted.reverse()) spawnSync('umount', ['-l', dir]);
});

describe('an error ends every thread and the process', { concurrent: true }, () => {
  it.each([{ flags: [] }, { flags: ['--no-worker'] }])('exits 2 at once when the warehouse refuses the rows after the parser started (CLI $flags)', async ({ flags }) => {
    const warehouse = baseWarehouse();
    // vehiculos without its primary key: the upsert cannot be prepared once the file is open.
    const db = new Database(warehouse.db);
    db.exec('PRAGMA foreign_keys = OFF; CREATE TABLE v2 AS SELECT * FROM vehiculos; DROP TABLE vehiculos; ALTER TABLE v2 RENAME TO vehiculos;');
    db.close();
    warehouse.sha = sha256(warehouse.db);
    const out = tempDir('rentas-failsafe-out-');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', out, '--db', warehouse.db, ...flags]);
    expectFailure(run, /^etl: .*(ON CONFLICT|vehiculos)/);
    expect(sha256(warehouse.db)).toBe(warehouse.sha);
    expectNoDebris(out);
  });

  it.each([{ flags: [] }, { flags: ['--no-worker'] }])('ends the export threads and removes their files when the run fails after they started (CLI $flags)', async ({ flags }) => {
    const warehouse = baseWarehouse();
    const out = tempDir('rentas-failsafe-out-');
    // The report is written while the exports run; a folder in its place fails the run there.
    mkdirSync(join(out, 'report.html'));
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', out, '--db', warehouse.db, ...flags]);
    expectFailure(run, /^etl: The ETL run failed: EISDIR/);
    expectUntouched(warehouse);
    rmSync(join(out, 'report.html'), { recursive: true });
    expectNoDebris(out);
  });

  it('refuses a table setting named like a temp table of the run before touching anything', async () => {
    const out = join(tempDir('rentas-failsafe-out-'), 'out');
    const run = await etl(['--input', writeBatch(BASE_BATCH), '--out', out], { CLIENTES_TABLE: 'load_updates' });
    expectFailure(run, /^etl: CLIENTES_TABLE cannot be "load_updates": the warehouse keeps a table or view of its own under that name\.\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['PUNTOS_RENTA_TABLE', 'renamed_puntos'],
    ['AGGREGATE_TABLE', 'agregado_cambios'],
    ['RENTAS_TABLE', 'RENTAS_CAMBIOS'],
    ...Object.values(TEMP_TABLES).map((name) => ['VEHICULOS_TABLE', name]),
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(`${name} cannot be "${value}": the warehouse keeps a table or view of its own under that name.`));
  });
});

describe.skipIf(!canMount)('I/O faults fail the run with exit 2 (75 on Batch), naming the fault, the warehouse untouched', { concurrent: true }, () => {
  it.each(PATHS)('reports a full disk while writing the rejects file ($name)', async ({ run }) => {
    const warehouse = baseWarehouse();
    const out = smallDisk('128k');
    const outcome = await run({ input: writeBatch({ ...BASE_BATCH, 'rentas.csv': badRentals(3000) }), out, db: warehouse.db });
    expectFailure(outcome, /^etl: disk full \(ENOSPC\) while writing \S+\/rejects\/rentas\.csv: the run stopped and changed nothing/);
    expectUntouched(warehouse);
    expectNoDebris(out);
  });

  it.each(PATHS)('reports a full disk while building a new warehouse ($name)', async ({ run }) => {
    const out = smallDisk('96k');
    const clientes = Array.from({ length: 3000 }, (_, i) => `${i + 1},Cliente ${i},c${i}@example.mx,+52 55 1111 ${String(i).padStart(4, '0')},"Calle ${i}, CDMX"`);
    const outcome = await run({ input: writeBatch({ ...BASE_BATCH, 'clientes.csv': `${HEADERS.clientes}\n${clientes.join('\n')}\n` }), out });
    expectFailure(outcome, /^etl: disk full \((SQLITE_FULL|ENOSPC)\) while writing /);
    expect(readdirSync(out).filter((f) => f.includes('.db'))).toEqual([]);
    expectNoDebris(out);
  });

  describe('a read that fails with EIO', () => {
    let holder: ChildProcess;
    beforeAll(() => {
      holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    });
    afterAll(() => {
      holder.kill();
    });

    it.each(PATHS)('fails the run instead of rejecting the file ($name)', async ({ run }) => {
      const warehouse = baseWarehouse();
      const input = writeBatch({ 'vehiculos.csv': BASE_BATCH['vehiculos.csv'], 'clientes.csv': '' });
      // Reading /proc/<pid>/mem at offset 0 fails with EIO (nothing is mapped there); bound
      // over clientes.csv it is a regular file whose every read is an I/O error.
      const clientes = join(input, 'clientes.csv');
      execFileSync('mount', ['--bind', `/proc/${holder.pid}/mem`, clientes]);
      mounted.push(clientes);
      const out = tempDir('rentas-failsafe-out-');
      const outcome = await run({ input, out, db: warehouse.db });
      expectFailure(outcome, /^etl: input\/output error \(EIO\) while reading clientes\.csv: the run stopped and changed nothing/);
      expectUntouched(warehouse);
      expectNoDebris(out);
    });

    it('ends the reading of a .csv.gz with the fault instead of hanging on gunzip', async () => {
      const dir = tempDir('rentas-failsafe-gz-');
      const clientes = join(dir, 'clientes.csv.gz');
      writeFileSync(clientes, '');
      execFileSync('mount', ['--bind', `/proc/${holder.pid}/mem`, clientes]);
      mounted.push(clientes);

      const read = (async () => {
        for await (const batch of readRecords(clientes, { lineEnd: 'lf' })) void batch;
      })();

      await expect(read).rejects.toMatchObject({ message: expect.stringContaining('EIO') });
    }, 10_000);
  });
});

describe('the Batch job retries a fault of the machine, not a bad file', { concurrent: true }, () => {
  it.skipIf(!canMount)('exits 75 when its scratch disk fills, and the warehouse in the bucket stays as it was', async () => {
    const inputs: Record<string, string> = { 'incoming/b1/rentas.csv': badRentals(800), 'incoming/b1/vehiculos.csv': BASE_BATCH['vehiculos.csv'] };
    const written = new Map<string, string>();
    const store: JobStore = {
      listInput: async (prefix) => Object.keys(inputs).filter((k) => k.startsWith(prefix)).map((key) => ({ key, etag: '"1"' })),
      downloadInput: async (key, path) => writeFileSync(path, inputs[key]),
      downloadOutput: async () => undefined,
      uploadOutput: async (key) => void written.set(key, 'uploaded'),
      listOutput: async () => [],
      deleteOutput: async () => undefined,
      putWarehouseIf: async (key) => (written.set(key, 'warehouse'), { versionId: null }),
      findWarehouseVersion: async () => undefined,
    };
    const disk = smallDisk('160k');
    const error = await runBatchJob({ batchId: 'b1', config: loadConfig({}), store, workDir: join(disk, 'work') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).message).toMatch(/^disk full \((ENOSPC|SQLITE_FULL)\) while writing /);
    expect(jobExitFor(error)).toBe(JobExit.TRANSIENT);
    expect([...written.keys()]).toEqual([]);
  });

  it.each(['ENOSPC', 'EIO', 'EMFILE', 'ENFILE', 'EDQUOT', 'EROFS', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE'])('exits 75 for %s', (code) => {
    const raw = Object.assign(new Error(code), { code });
    const fault = ioFault(raw, 'writing x');
    expect(fault?.code).toBe(ErrorCode.IO_FAULT);
    expect(jobExitFor(fault)).toBe(JobExit.TRANSIENT);
    // Also one that no reader named (a download into a full scratch disk).
    expect(jobExitFor(raw)).toBe(JobExit.TRANSIENT);
  });

  it('exits 2 for a file that cannot be read for a reason of its own', () => {
    expect(ioFault(Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'reading x')).toBeUndefined();
    expect(jobExitFor(new EtlError(ErrorCode.RUN_FAILED, 'The ETL run failed.'))).toBe(JobExit.PERMANENT);
  });
});

/** BASE_BATCH with clientes.csv replaced by clientes.csv.gz. */
function withGzippedClientes(gz: Buffer): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = { ...BASE_BATCH, 'clientes.csv.gz': gz };
  delete files['clientes.csv'];
  return files;
}

describe('gzip bombs are refused as they inflate', { concurrent: true }, () => {
  const bomb = gzipSync(Buffer.concat([Buffer.from(`${HEADERS.clientes}\n`), Buffer.alloc(4 << 20, '\n')]));

  it.each(PATHS)('rejects a .csv.gz inflating past MAX_INFLATE_RATIO, the rest of the batch loaded ($name)', async ({ run }) => {
    const out = tempDir('rentas-failsafe-out-');
    const outcome = await run({ input: writeBatch(withGzippedClientes(bomb)), out });
    expect(outcome.status).toBe(1);
    // The rentals, left without their clients, are all rejected: a second sentence says so.
    expect(outcome.stderr).toMatch(
      /^etl: clientes\.csv\.gz: expected at most 200 inflated bytes per compressed byte \(MAX_INFLATE_RATIO\), found \d+ bytes from \d+; the file was not loaded\.\netl: every data row of rentas\.csv was rejected \(3 rows\)[^\n]+\n$/,
    );
    const manifest = manifestOf(out);
    expect(manifest.tables.clientes).toMatchObject({ status: 'rejected', rowsRead: 0, inserted: 0 });
    expect(manifest.tables.vehiculos).toMatchObject({ status: 'loaded', inserted: 2 });
  });

  it.each(PATHS)('rejects a .csv.gz inflating past MAX_INFLATED_BYTES ($name)', async ({ run }) => {
    const out = tempDir('rentas-failsafe-out-');
    const rows = Array.from({ length: 5000 }, (_, i) => `${i + 1},Cliente ${i},c${i}@example.mx,+52 55 ${i},"Calle ${i * 7919}"`);
    const outcome = await run({ input: writeBatch(withGzippedClientes(gzipSync(`${HEADERS.clientes}\n${rows.join('\n')}\n`))), out }, { MAX_INFLATED_BYTES: '65536' });
    expect(outcome.status).toBe(1);
    expect(outcome.stderr.split('\n')[0]).toBe('etl: clientes.csv.gz: expected at most 65536 bytes once inflated (MAX_INFLATED_BYTES), found more; the file was not loaded.');
    expect(manifestOf(out).tables.clientes).toMatchObject({ status: 'rejected', inserted: 0, rejected: 0, rejectsWritten: 0 });
  });

  it('loads a small, highly compressed file: the ratio is judged past a floor', async () => {
    const out = tempDir('rentas-failsafe-out-');
    const small = gzipSync(Buffer.concat([Buffer.from(`${HEADERS.clientes}\n1,Ana,ana@example.mx,,\n`), Buffer.alloc(512 << 10, '\n')]));
    const outcome = await core({ input: writeBatch(withGzippedClientes(small)), out });
    expect(outcome.status).toBe(0);
    expect(manifestOf(out).tables.clientes).toMatchObject({ status: 'loaded', inserted: 1 });
  });

  it('refuses a cap that is not a whole number, naming it', () => {
    expect(() => loadConfig({ MAX_INFLATE_RATIO: 'lots' })).toThrow(/^MAX_INFLATE_RATIO must be a whole number from 1 to \d+, got "lots"\.$/);
  });
});

describe('a flood of rejects writes the first ones and counts the rest', { concurrent: true }, () => {
  it.each(PATHS)('writes MAX_REJECTS_WRITTEN rejects and says so ($name)', async ({ run }) => {
    const out = tempDir('rentas-failsafe-out-');
    const outcome = await run({ input: writeBatch({ ...BASE_BATCH, 'rentas.csv': badRentals(40) }), out }, { MAX_REJECTS_WRITTEN: '5' });
    expect(outcome.stdout).toContain('40 rentas row(s) rejected');
    expect(outcome.stdout).toContain('only the first 5 rentas reject(s) were written there (MAX_REJECTS_WRITTEN); the other 35 are counted only');
    expect(manifestOf(out).tables.rentas).toMatchObject({ rowsRead: 40, rejected: 40, rejectsWritten: 5 });
    const lines = readFileSync(join(out, 'rejects', 'rentas.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toMatch(/^2,/);
    expect(manifestOf(out).tables.vehiculos).toMatchObject({ rejected: 0, rejectsWritten: 0 });
  });
});

/** BASE_BATCH with `name` replaced by what `make` puts at its path. */
function batchWith(name: string, make: (path: string) => void): string {
  const input = writeBatch({ ...BASE_BATCH, [name]: '' });
  rmSync(join(input, name));
  make(join(input, name));
  return input;
}

describe('a table file that is not a regular file is rejected unread', { concurrent: true }, () => {
  const secret = 'root:x:0:0:secreto-que-no-debe-salir';

  it.each(PATHS)('rejects a FIFO named rentas.csv without waiting for a writer ($name)', async ({ run }) => {
    const input = batchWith('rentas.csv', (path) => execFileSync('mkfifo', [path]));
    const out = tempDir('rentas-failsafe-out-');
    const outcome = await run({ input, out });
    expect(outcome.signal).toBeNull();
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toBe('etl: rentas.csv: expected a regular file, found a named pipe (FIFO); it was not read.\n');
    const manifest = manifestOf(out);
    expect(manifest.tables.rentas).toMatchObject({ status: 'rejected', rowsRead: 0 });
    expect(manifest.tables.clientes).toMatchObject({ status: 'loaded', inserted: 2 });
  });

  it.each(PATHS)('rejects a symlink named rentas.csv and never shows what it points at ($name)', async ({ run }) => {
    const elsewhere = join(tempDir('rentas-secret-'), 'passwd');
    writeFileSync(elsewhere, `${secret}\n${secret}\n`);
    const input = batchWith('rentas.csv', (path) => symlinkSync(elsewhere, path));
    const out = tempDir('rentas-failsafe-out-');
    const outcome = await run({ input, out });
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toBe('etl: rentas.csv: expected a regular file, found a symbolic link; it was not read.\n');
    for (const text of [outcome.stdout, outcome.stderr, readFileSync(join(out, 'manifest.json'), 'utf8'), readFileSync(join(out, 'report.html'), 'utf8')]) {
      expect(text).not.toContain('secreto');
    }
  });

  it.each(PATHS)('rejects a symlink named rentas.csv that leads nowhere, loading into a warehouse with rentals ($name)', async ({ run }) => {
    const warehouse = baseWarehouse();
    const input = batchWith('rentas.csv', (path) => symlinkSync('/nonexistent/rentas.csv', path));
    const outcome = await run({ input, out: tempDir('rentas-failsafe-out-'), db: warehouse.db });
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toBe('etl: rentas.csv: expected a regular file, found a symbolic link; it was not read.\n');
  });

  it('rejects a folder named clientes.csv', async () => {
    const outcome = await core({ input: batchWith('clientes.csv', (path) => mkdirSync(path)), out: tempDir('rentas-failsafe-out-') });
    expect(outcome.status).toBe(1);
    // First the file's own sentence; then the rentals, left without what they point at, get one too.
    expect(outcome.stderr.split('\n')[0]).toBe('etl: clientes.csv: expected a regular file, found a folder; it was not read.');
  });

  it.skipIf(process.getuid?.() !== 0)('rejects a device node named vehiculos.csv', async () => {
    // Major 1, minor 5: /dev/zero, which would never end.
    const outcome = await core({ input: batchWith('vehiculos.csv', (path) => execFileSync('mknod', [path, 'c', '1', '5'])), out: tempDir('rentas-failsafe-out-') });
    expect(outcome.status).toBe(1);
    // First the file's own sentence; then the rentals, left without what they point at, get one too.
    expect(outcome.stderr.split('\n')[0]).toBe('etl: vehiculos.csv: expected a regular file, found a device; it was not read.');
  });
});

describe('header errors list a few short names, never row data', { concurrent: true }, () => {
  const contract = contractFor('clientes', new Date('2026-01-01'));

  it('cuts the found list to 10 names of at most 40 characters, escaped, with "and N more"', async () => {
    const names = ['id', `nombre${'x'.repeat(100)}`, 'a\u001b]0;title\u0007b', ...Array.from({ length: 20 }, (_, i) => `c${i}`)];
    const verdict = await decideHeader(Buffer.from(`${names.join(',')}\n`), true, 'clientes.csv', contract);
    expect(verdict.status).toBe('rejected');
    if (verdict.status !== 'rejected') return;
    expect(verdict.error.message).toContain(`found id, nombre${'x'.repeat(33)}…, a\\x1b]0;title\\x07b, c0, c1, c2, c3, c4, c5, c6 and 13 more.`);
    // eslint-disable-next-line no-control-regex
    expect(verdict.error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(verdict.found).toHaveLength(10);
  });

  it('loads a CR-only file and, when its header is wrong, names only the header', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},Cliente ${i},c${i}@example.mx,+52 55 ${i},Calle ${i}`);
    const good = tempDir('rentas-failsafe-out-');
    expect((await core({ input: writeBatch({ ...BASE_BATCH, 'clientes.csv': `${HEADERS.clientes}\r${rows.join('\r')}\r` }), out: good })).status).toBe(0);
    expect(manifestOf(good).tables.clientes).toMatchObject({ status: 'loaded', inserted: 50 });

    const bad = tempDir('rentas-failsafe-out-');
    const outcome = await core({ input: writeBatch({ ...BASE_BATCH, 'clientes.csv': `id_cliente,nombre,correo\r${rows.join('\r')}\r` }), out: bad });
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toContain('found id_cliente, nombre, correo.');
    for (const text of [outcome.stdout, outcome.stderr, readFileSync(join(bad, 'manifest.json'), 'utf8')]) expect(text).not.toContain('@example.mx');
  });
});
