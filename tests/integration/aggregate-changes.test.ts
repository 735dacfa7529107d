import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type AggregateExport, loadConfig } from '../../batch-job/src/core/config.js';
import { describeFile, writeExportsFrom } from '../../batch-job/src/core/exports.js';
import { runEtl, type RunEtlResult } from '../../batch-job/src/core/run-etl.js';
import { LEDGER_TABLE } from '../../batch-job/src/core/warehouse-names.js';
import type { Manifest } from '../../common/manifest.js';
import { runNode } from '../helpers/cli.js';
import { HEADERS, tempDir, writeBatch } from '../helpers/etl.js';

// Contract §5/§6: a batch publishes the whole aggregate after a full load and its changed groups
// after an incremental one; a consumer who starts from the latest full export and applies every
// later batch's changes in `sequence` order holds exactly the warehouse's aggregate table.

type Row = string[];
const keyOf = (row: Row) => row.slice(0, 4).join('\u0000');

/** The consumer: a small reference implementation of the replay rule. */
class Consumer {
  private readonly published: { sequence: number; full?: Row[]; changes?: Row[]; startsOver: boolean }[] = [];

  receive(result: RunEtlResult): void {
    const { manifest } = result;
    const read = (kind: string) => {
      const entry = manifest.outputs.find((o) => o.kind === kind);
      return entry ? (parse(readFileSync(join(result.manifestPath, '..', entry.path), 'utf8')) as Row[]) : undefined;
    };
    const full = read('aggregate');
    const changes = read('aggregate_changes');
    if (full) expect(full[0]).toEqual(AGGREGATE_HEADER);
    if (changes) expect(changes[0]).toEqual(['cambio', ...AGGREGATE_HEADER]);
    const startsOver = changes !== undefined && changes.length - 1 === manifest.aggregate.rows && changes.slice(1).every((r) => r[0] === 'alta');
    this.published.push({ sequence: manifest.warehouse!.sequence, full: full?.slice(1), changes: changes?.slice(1), startsOver });
  }

  /**
   * The latest full export, then the changes of every later batch in sequence order. A changes
   * file that lists every group of the aggregate as `alta` (AGGREGATE_EXPORT=changes after a new
   * warehouse or the sequence migration) is a full export in itself: the replay starts over from it.
   */
  replay(): Row[] {
    const bySequence = [...this.published].sort((a, b) => a.sequence - b.sequence);
    const start = bySequence.findLastIndex((p) => p.full !== undefined || p.startsOver);
    expect(start).toBeGreaterThanOrEqual(0);
    const first = bySequence[start];
    const state = new Map((first.full ?? first.changes!.map((r) => r.slice(1))).map((row) => [keyOf(row), row]));
    for (const later of bySequence.slice(start + 1)) {
      for (const [cambio, ...row] of later.changes ?? []) {
        if (cambio === 'baja') {
          expect(row.slice(4).every((cell) => cell === '')).toBe(true);
          state.delete(keyOf(row));
        } else {
          expect(['alta', 'modificacion']).toContain(cambio);
          state.set(keyOf(row), row);
        }
      }
    }
    return [...state.values()].sort((a, b) => compareKeys(a, b));
  }
}

const AGGREGATE_HEADER = [
  'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'mes', 'marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color',
  'punto_salida', 'punto_retorno', 'total_rentas', 'dias_totales', 'duracion_promedio_dias', 'ingresos',
];

function compareKeys(a: Row, b: Row): number {
  for (let i = 0; i < 4; i++) {
    const d = i < 3 ? Number(a[i]) - Number(b[i]) : a[i].localeCompare(b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** The warehouse's aggregate table, read back through its own export of all rows. */
function warehouseAggregate(dbPath: string): Row[] {
  const out = mkdtempSync(join(tmpdir(), 'rentas-truth-'));
  const [aggregate] = writeExportsFrom(dbPath, loadConfig({}), out);
  return (parse(readFileSync(aggregate.path, 'utf8')) as Row[]).slice(1);
}

const vehicle = (id: number, color = 'Gris', km = 1000) => `${id},Marca${id},Modelo ${id},2020,SUV,5,${color},${km},Disponible`;
const point = (id: number, name = `Punto ${id}`) => `${id},${name},Calle ${id},+52 55 0000 000${id},Lun-Dom`;
/** A rental of vehicle `v` from point `from` to point `to` in month `m` of 2024 (day from its id). */
const rental = (id: number, v: number, from: number, to: number, m: number, cost = `${id}.25`) =>
  `${id},${v},${from},${to},1,2024-${String(m).padStart(2, '0')}-${String(1 + (id % 27)).padStart(2, '0')} 08:00,2024-${String(m).padStart(2, '0')}-${String(1 + (id % 27)).padStart(2, '0')} 20:30,${cost}`;
const rentals = (rows: string[]) => ({ 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` });

/** 200 rentals over 6 vehicles, 4 points and 3 months; rental 999 alone in its group (vehicle 6, 4 → 4, December). */
const BASE = {
  'vehiculos.csv': `${HEADERS.vehiculos}\n${[1, 2, 3, 4, 5, 6].map((v) => vehicle(v)).join('\n')}\n`,
  'puntos_renta.csv': `${HEADERS.puntos_renta}\n${[1, 2, 3, 4].map((p) => point(p)).join('\n')}\n`,
  'clientes.csv': `${HEADERS.clientes}\n1,Ana López,ana@example.mx,+52 55 1,Calle 1\n`,
  ...rentals([...Array.from({ length: 199 }, (_, i) => rental(i + 1, 1 + (i % 5), 1 + (i % 3), 1 + ((i + 1) % 3), 1 + (i % 3))), rental(999, 6, 4, 4, 12)]),
};

/** The batches after the base, each with the path it should take. */
const STEPS: { name: string; files: Record<string, string>; path: 'incremental' | 'rebuild' }[] = [
  { name: 'new rentals, one in a new group', files: rentals([rental(1001, 2, 1, 2, 1), rental(1002, 6, 4, 1, 5)]), path: 'incremental' },
  // Rental 999 leaves its group, which is then gone; rental 5 changes cost only.
  { name: 'moved rentals', files: rentals([rental(999, 6, 1, 4, 12), rental(5, 5, 2, 3, 2, '77.77')]), path: 'incremental' },
  { name: 'a renamed point', files: { 'puntos_renta.csv': `${HEADERS.puntos_renta}\n${point(2, '"Punto Dos, Norte"')}\n` }, path: 'incremental' },
  // Vehicle 3's color is in the aggregate; vehicle 4's mileage is not.
  { name: 'changed vehicles', files: { 'vehiculos.csv': `${HEADERS.vehiculos}\n${vehicle(3, 'Azul')}\n${vehicle(4, 'Gris', 2000)}\n` }, path: 'incremental' },
  {
    name: 'a large batch (the rebuild path)',
    files: rentals([
      ...Array.from({ length: 40 }, (_, i) => rental(i + 1, 1 + ((i + 2) % 5), 1 + (i % 3), 1 + (i % 3), 4)),
      ...Array.from({ length: 30 }, (_, i) => rental(2000 + i, 1 + (i % 6), 1 + (i % 4), 1 + ((i + 2) % 4), 6)),
      rental(1002, 6, 4, 1, 7),
    ]),
    path: 'rebuild',
  },
  { name: 'a small batch after the rebuild', files: rentals([rental(1001, 2, 1, 2, 3), rental(3000, 1, 4, 4, 8)]), path: 'incremental' },
];

/** Runs the base and every step into one warehouse, checking the replay after each, and returns the manifests. */
async function runSequence(mode: AggregateExport, options: { migrateAt?: number } = {}): Promise<{ manifests: Manifest[]; dbPath: string }> {
  const config = { ...loadConfig({}), aggregateExport: mode };
  const dbPath = join(tempDir('rentas-replay-'), 'rentas.db');
  const consumer = new Consumer();
  const manifests: Manifest[] = [];
  const batches = [{ name: 'base', files: BASE, path: 'new' as const }, ...STEPS];
  for (const [i, step] of batches.entries()) {
    if (options.migrateAt === i) toVersion2(dbPath);
    const outDir = tempDir('rentas-replay-out-');
    const result = await runEtl({ config, inputDir: writeBatch(step.files), outDir, dbPath, batchId: `lote-${i}`, now: () => new Date(Date.UTC(2025, 0, 1, 0, i)) });
    const path = i === 0 || options.migrateAt === i ? 'new' : step.path;
    expect(Object.keys(result.timings), step.name).toContain(path === 'incremental' ? 'aggregate (incremental)' : 'aggregate');
    checkManifest(result, mode, path, dbPath);
    consumer.receive(result);
    expect(consumer.replay(), `${mode}: after ${step.name}`).toEqual(warehouseAggregate(dbPath));
    manifests.push(result.manifest);
  }
  return { manifests, dbPath };
}

/** The manifest says what was written, per the mode × path table of contract §6. */
function checkManifest(result: RunEtlResult, mode: AggregateExport, path: 'new' | 'rebuild' | 'incremental', dbPath: string): void {
  const { manifest } = result;
  const expected = path === 'incremental' ? { auto: 'changes', full: 'both', changes: 'changes' }[mode] : mode === 'changes' ? 'changes' : 'full';
  expect(manifest.aggregate.export).toBe(expected);
  const kinds = manifest.outputs.map((o) => o.kind);
  expect(kinds.includes('aggregate')).toBe(expected !== 'changes');
  expect(kinds.includes('aggregate_changes')).toBe(expected !== 'full');
  // A file not published is not left in the folder either.
  const outDir = join(result.manifestPath, '..');
  expect(existsSync(join(outDir, 'vehiculos_mas_reservados.csv'))).toBe(expected !== 'changes');
  expect(existsSync(join(outDir, 'vehiculos_mas_reservados.cambios.csv'))).toBe(expected !== 'full');
  const changes = manifest.outputs.find((o) => o.kind === 'aggregate_changes');
  if (changes) {
    const rows = (parse(readFileSync(join(outDir, changes.path), 'utf8')) as Row[]).length - 1;
    expect(manifest.aggregate.changedGroups).toBe(rows);
    if (path === 'new') expect(rows).toBe(manifest.aggregate.rows);
  } else {
    expect(manifest.aggregate.changedGroups).toBe(manifest.aggregate.rows);
  }
  // A --db warehouse is named by the warehouse block only (contract §4), with the file's own size and hash.
  expect(manifest.outputs.some((o) => o.kind === 'database')).toBe(false);
  const bytes = readFileSync(dbPath);
  expect(manifest.warehouse).toEqual({ key: dbPath, versionId: null, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), sequence: expect.any(Number) });
  expect(readdirSync(join(dbPath, '..')).filter((f) => f.includes('.build-') || f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
}

/** Takes the warehouse back to schema version 2: a ledger without `sequence`. */
function toVersion2(dbPath: string): void {
  const db = new Database(dbPath);
  db.exec(`ALTER TABLE ${LEDGER_TABLE} DROP COLUMN sequence`);
  db.pragma('user_version = 2');
  db.close();
}

function ledger(dbPath: string): { batch_id: string; sequence: number }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT batch_id, sequence FROM ${LEDGER_TABLE} ORDER BY sequence`).all() as { batch_id: string; sequence: number }[];
  } finally {
    db.close();
  }
}

describe('what a batch publishes of the aggregate (contract §6)', () => {
  it.each(['auto', 'full', 'changes'] as const)(
    'with AGGREGATE_EXPORT=%s, replaying the latest full export and later changes gives the warehouse aggregate after every batch',
    async (mode) => {
      const { manifests, dbPath } = await runSequence(mode);
      expect(manifests.map((m) => m.warehouse!.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(ledger(dbPath).map((l) => l.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    },
    20_000,
  );

  it('lists each kind of change: alta for a new group, modificacion for a changed one, baja with only the key for a group gone', async () => {
    const { manifests } = await runSequence('auto');
    expect(manifests.slice(1, 5).map((m) => m.aggregate.changedGroups).every((n) => n > 0)).toBe(true);
    expect(manifests.every((m) => m.status === 'succeeded')).toBe(true);
    // Mileage alone changes no group: changed vehicles counts only vehicle 3's groups.
    const out = tempDir();
    const config = loadConfig({});
    const base = await runEtl({ config, inputDir: writeBatch(BASE), outDir: out, batchId: 'base' });
    const dbPath = join(out, config.dbFile);
    const mileage = await runEtl({ config, inputDir: writeBatch({ 'vehiculos.csv': `${HEADERS.vehiculos}\n${vehicle(4, 'Gris', 9999)}\n` }), outDir: tempDir(), dbPath });
    expect(mileage.manifest.aggregate).toMatchObject({ export: 'changes', changedGroups: 0, rows: base.manifest.aggregate.rows });
    const moved = await runEtl({ config, inputDir: writeBatch(rentals([rental(999, 6, 1, 4, 12), rental(1002, 6, 4, 1, 5)])), outDir: tempDir(), dbPath });
    const file = moved.manifest.outputs.find((o) => o.kind === 'aggregate_changes')!;
    const rows = parse(readFileSync(join(moved.manifestPath, '..', file.path), 'utf8')) as Row[];
    expect(rows.slice(1).map((r) => [r[0], ...r.slice(1, 5)])).toEqual([
      ['alta', '6', '1', '4', '2024-12'],
      ['baja', '6', '4', '4', '2024-12'],
      ['alta', '6', '4', '1', '2024-05'],
    ].sort((a, b) => compareKeys(a.slice(1), b.slice(1))));
    expect(rows.find((r) => r[0] === 'baja')!.slice(5).every((c) => c === '')).toBe(true);
  });

  it('numbers a warehouse migrated from schema version 2 by applied_at and starts consumers over with a full export', async () => {
    for (const mode of ['auto', 'changes'] as const) {
      const { manifests, dbPath } = await runSequence(mode, { migrateAt: 3 });
      // Batches 0-2 numbered 1-3 on migration; the first batch after it takes 4 and publishes everything.
      expect(manifests.map((m) => m.warehouse!.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(manifests[3].aggregate.export).toBe(mode === 'auto' ? 'full' : 'changes');
      expect(manifests[3].aggregate.changedGroups).toBe(manifests[3].aggregate.rows);
      expect(ledger(dbPath).map((l) => l.batch_id)).toEqual(['lote-0', 'lote-1', 'lote-2', 'lote-3', 'lote-4', 'lote-5', 'lote-6']);
    }
  }, 20_000);

  it('keeps the sequence of a batch found already applied that changes nothing, and gives the next one to a batch that does', async () => {
    const out = tempDir();
    const config = loadConfig({});
    const dbPath = join(out, 'w.db');
    const first = await runEtl({ config, inputDir: writeBatch(BASE), outDir: tempDir(), dbPath, batchId: 'a' });
    const small = writeBatch(rentals([rental(1001, 2, 1, 2, 1)]));
    const second = await runEtl({ config, inputDir: small, outDir: tempDir(), dbPath, batchId: 'b' });
    const again = await runEtl({ config, inputDir: small, outDir: tempDir(), dbPath, batchId: 'b' });
    const changed = await runEtl({ config, inputDir: writeBatch(rentals([rental(1001, 2, 1, 2, 2)])), outDir: tempDir(), dbPath, batchId: 'a' });

    expect([first, second, again, changed].map((r) => r.manifest.warehouse!.sequence)).toEqual([1, 2, 2, 3]);
    expect(again.manifest.aggregate).toMatchObject({ export: 'changes', changedGroups: 0 });
    expect(ledger(dbPath)).toEqual([{ batch_id: 'b', sequence: 2 }, { batch_id: 'a', sequence: 3 }]);
  });

  it('the CLI: --full-export publishes both files on the incremental path, the same with --no-worker, and the manifest names the warehouse', async () => {
    const base = tempDir();
    expect(runNode('cli', ['--input', writeBatch(BASE), '--out', base]).status).toBe(0);
    const outputs: Record<string, string>[] = [];
    for (const args of [['--full-export'], ['--full-export', '--no-worker'], []]) {
      const db = join(tempDir(), 'w.db');
      const { copyFileSync } = await import('node:fs');
      copyFileSync(join(base, 'rentas.db'), db);
      const out = tempDir();
      const run = runNode('cli', ['--input', writeBatch(rentals([rental(1001, 2, 1, 2, 1)])), '--out', out, '--db', db, '--json', ...args]);
      expect(run.status, run.stderr).toBe(0);
      const manifest = JSON.parse(run.stdout) as Manifest;
      expect(manifest.aggregate.export).toBe(args.length ? 'both' : 'changes');
      expect(manifest.warehouse).toMatchObject({ key: db, versionId: null, sequence: 2, ...(await describeFile(db)) });
      outputs.push(Object.fromEntries(manifest.outputs.filter((o) => o.kind.startsWith('aggregate')).map((o) => [o.kind, o.sha256])));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual({ aggregate_changes: outputs[0].aggregate_changes });
  }, 20_000);

  it('refuses an AGGREGATE_EXPORT it does not know, naming the setting', () => {
    expect(() => loadConfig({ AGGREGATE_EXPORT: 'some' })).toThrow('AGGREGATE_EXPORT must be one of auto, full, changes, got "some".');
    expect(loadConfig({ AGGREGATE_EXPORT: 'CHANGES' }).aggregateExport).toBe('changes');
  });
});
