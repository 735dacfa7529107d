import Database from 'better-sqlite3';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample, type IdLayout } from '../../batch-job/src/sample-data/index.js';
import { runNode } from '../helpers/cli.js';
import { tempDir } from '../helpers/etl.js';

const CLIENTS = 2_000;

interface Batch {
  dir: string;
  rentals: number;
  /** Lines added to rentas.csv: two repeated ids, one unknown client. */
  extra: { duplicates: string[]; unknownClient: string };
}

/**
 * A generated batch in an id layout, with three bad rentals appended to rentas.csv: two that
 * repeat an earlier id (the first and a middle one) and one whose client does not exist.
 */
async function batchOf(layout: IdLayout, rentals: number): Promise<Batch> {
  const dir = join(tempDir('rentas-large-ids-'), 'batch');
  const { files } = await generateSample({ out: dir, rentals, clients: CLIENTS, idLayout: layout });
  const lines = readFileSync(files.rentas, 'utf8').trimEnd().split('\n');
  const clients = readFileSync(files.clientes, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
  const duplicates = [lines[1], lines[rentals / 2]].map((l) => l.replace(/,[\d.]+$/, ',1.00'));
  const known = new Set(clients);
  let missing = layout === 'high' ? Number.MAX_SAFE_INTEGER - CLIENTS : 7;
  while (known.has(missing)) missing++;
  // A fresh id next to the last one, pointing at a client that does not exist.
  const last = lines[lines.length - 1].split(',');
  const freshId = layout === 'high' ? Number(lines[1].split(',')[0]) - 1 : 2 ** 41 + 1;
  const unknownClient = [freshId, ...last.slice(1, 4), missing, ...last.slice(5)].join(',');
  appendFileSync(files.rentas, `${duplicates.join('\n')}\n${unknownClient}\n`);
  return { dir, rentals, extra: { duplicates, unknownClient } };
}

function load(batch: Batch, worker: boolean) {
  const out = tempDir('rentas-large-ids-out-');
  const started = performance.now();
  const run = runNode('cli', ['--input', batch.dir, '--out', out, '--json', ...(worker ? [] : ['--no-worker'])]);
  return { ...run, out, seconds: (performance.now() - started) / 1000 };
}

/** The run's outcome, checked the same way whichever path parsed the rows. */
function expectLoaded(batch: Batch, worker: boolean, firstId: bigint, lastId: bigint) {
  const run = load(batch, worker);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const manifest = JSON.parse(run.stdout);
  // Rejected rows make a partial batch; the file itself is loaded.
  expect(manifest.status).toBe('partial');
  expect(manifest.tables.clientes).toMatchObject({ status: 'loaded', inserted: CLIENTS, rejected: 0 });
  expect(manifest.tables.rentas).toMatchObject({
    status: 'loaded',
    rowsRead: batch.rentals + 3,
    inserted: batch.rentals,
    rejected: 3,
    rejectReasons: [
      { code: 'DUPLICATE_ID', column: 'id_renta', count: 2, firstLine: expect.any(Number) },
      { code: 'UNKNOWN_REFERENCE', column: 'id_cliente', count: 1, firstLine: expect.any(Number) },
    ],
  });
  const db = new Database(join(run.out, 'rentas.db'), { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = db.prepare('SELECT COUNT(*) AS n, MIN(id_renta) AS low, MAX(id_renta) AS high FROM rentas').get() as { n: bigint; low: bigint; high: bigint };
    expect(ids).toEqual({ n: BigInt(batch.rentals), low: firstId, high: lastId });
  } finally {
    db.close();
  }
  const rejects = readdirSync(run.out, { recursive: true }).map(String).find((f) => /rejects?\b.*rentas\.csv$/.test(f));
  expect(rejects).toBeDefined();
  const rejected = readFileSync(join(run.out, rejects!), 'utf8');
  for (const line of batch.extra.duplicates) expect(rejected).toContain(line.split(',')[0]);
  expect(rejected).toContain('expected a unique id');
  expect(rejected).toContain(batch.extra.unknownClient.split(',')[0]);
  expect(readdirSync(run.out, { recursive: true }).map(String).filter((f) => /\.build-|-wal$|-shm$/.test(f))).toEqual([]);
  return manifest;
}

describe('large ids', () => {
  let high: Batch;
  let sparse: Batch;
  beforeAll(async () => {
    [high, sparse] = await Promise.all([batchOf('high', 50_000), batchOf('sparse', 10_000)]);
  }, 30_000);

  it('loads 50 000 rentals with ids just below 2^53 and still rejects repeated ids, with and without the worker', () => {
    const top = 2n ** 53n - 1n;
    const a = expectLoaded(high, true, top - 50_000n + 1n, top);
    const b = expectLoaded(high, false, top - 50_000n + 1n, top);
    expect(a.tables).toEqual(b.tables);
  }, 30_000);

  it('loads 10 000 rentals with ids scattered over 1..2^40 and still rejects repeated ids', () => {
    const ids = readFileSync(join(sparse.dir, 'rentas.csv'), 'utf8').trimEnd().split('\n').slice(1, sparse.rentals + 1).map((l) => BigInt(l.split(',')[0]));
    const low = ids.reduce((m, x) => (x < m ? x : m));
    const highest = ids.reduce((m, x) => (x > m ? x : m));
    expect(highest).toBeLessThanOrEqual(2n ** 40n);
    expect(highest - low).toBeGreaterThan(2n ** 39n);
    expectLoaded(sparse, true, low, highest);
  }, 30_000);

  it('refuses an unknown id layout in the generator with one sentence', () => {
    const result = runNode('generate', ['--out', join(tempDir(), 'never'), '--id-layout', 'random']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^generate: --id-layout expects one of dense, sparse, high, got "random" \(usage: .+\)\.$/);
  });
});
