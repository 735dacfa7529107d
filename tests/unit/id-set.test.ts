import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { idLookup, IdSet, IdSetFullError, MAX_HASH_SLOTS, MAX_SPARSE_IDS } from '../../batch-job/src/core/id-set.js';
import { loadIds } from '../../batch-job/src/core/warehouse.js';
import { Rng } from '../../batch-job/src/sample-data/random.js';

const TOP = Number.MAX_SAFE_INTEGER; // 2^53 - 1

/** A uniform integer in [min, max] from two 32-bit draws: exact up to 2^53. */
function between(rng: Rng, min: number, max: number): number {
  const span = max - min + 1;
  const u = (rng.uint32() * 2 ** 21 + (rng.uint32() >>> 11)) / 2 ** 53;
  return min + Math.floor(u * span);
}

/**
 * Adds `ids` to an IdSet and a Set<number> side by side, checking `has` before each add (as
 * the duplicate check does), then checks both agree on every id added and on `probes` others.
 * Disagreements are collected (an expect per id would dominate the run time).
 */
function againstOracle(ids: readonly number[], probes: readonly number[] = []): IdSet {
  const set = new IdSet();
  const oracle = new Set<number>();
  const wrong: string[] = [];
  for (const id of ids) {
    if (set.has(id) !== oracle.has(id)) wrong.push(`has(${id}) before add`);
    set.add(id);
    oracle.add(id);
  }
  for (const id of ids) if (!set.has(id)) wrong.push(`has(${id}) after add`);
  for (const id of probes) if (set.has(id) !== oracle.has(id)) wrong.push(`has(${id}) of a probe`);
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(set.size).toBe(oracle.size);
  return set;
}

function neighbours(ids: readonly number[]): number[] {
  return ids.flatMap((id) => [id - 1, id + 1]).filter((id) => id >= 1 && id <= TOP);
}

describe('IdSet', () => {
  it('holds dense ids 1..N in a bitmap of about a bit an id', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const set = againstOracle(ids, [0, 200_001, 200_002, 1e9, TOP]);
    expect(set.bytes).toBeLessThan(200_000 / 8 * 2 + 16_384);
  });

  it('holds dense ids given in descending order compactly', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => 100_000 - i);
    const set = againstOracle(ids, [0, 100_001]);
    expect(set.bytes).toBeLessThan(100_000 / 8 * 3 + 16_384);
  });

  it('holds a shuffled dense range compactly', () => {
    const rng = new Rng(1);
    const ids = Array.from({ length: 100_000 }, (_, i) => i + 1);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    const set = againstOracle(ids.slice(0, 90_000), ids.slice(90_000));
    expect(set.bytes).toBeLessThan(100_000 / 8 * 2 + 16_384);
  });

  it('holds the ids just below 2^53 (2^53-N .. 2^53-1) in a bitmap', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => TOP - n + 1 + i);
    const set = againstOracle(ids, [TOP - n, TOP - n - 1, 1, 2 ** 52]);
    expect(set.has(TOP)).toBe(true);
    expect(set.bytes).toBeLessThan(n / 8 * 2 + 16_384);
  });

  it('holds sparse ids spread over 1..2^40 in a hash of at most 21 bytes an id', () => {
    const rng = new Rng(2);
    const ids = Array.from({ length: 100_000 }, () => between(rng, 1, 2 ** 40));
    const probes = Array.from({ length: 20_000 }, () => between(rng, 1, 2 ** 40));
    const set = againstOracle(ids, [...probes, ...neighbours(ids.slice(0, 5_000))]);
    expect(set.bytes).toBeLessThanOrEqual(100_000 * 22);
  });

  it('holds sparse ids spread over 1..2^53-1', () => {
    const rng = new Rng(3);
    const ids = Array.from({ length: 50_000 }, () => between(rng, 1, TOP));
    ids.push(1, TOP, 2 ** 32, 2 ** 32 - 1, 2 ** 32 + 1, 2 ** 31, 2 ** 52);
    const probes = Array.from({ length: 20_000 }, () => between(rng, 1, TOP));
    againstOracle(ids, [...probes, ...neighbours(ids.slice(0, 5_000))]);
  });

  it('tells ids apart that share their low or their high 32 bits', () => {
    const ids: number[] = [];
    for (let high = 0; high < 200; high++) for (const low of [1, 2, 0x7fffffff, 0x80000000, 0xffffffff]) ids.push(high * 2 ** 32 + low);
    for (let i = 1; i <= 2_000; i++) ids.push(i * 2 ** 32);
    againstOracle(ids, neighbours(ids));
  });

  it('counts a repeated id once, in the bitmap and in the hash', () => {
    const rng = new Rng(4);
    const pool = [...Array.from({ length: 3_000 }, (_, i) => i + 1), ...Array.from({ length: 3_000 }, () => between(rng, 1, TOP))];
    const ids = Array.from({ length: 30_000 }, () => pool[rng.int(0, pool.length - 1)]);
    const set = againstOracle(ids);
    expect(set.size).toBe(new Set(ids).size);
  });

  it('agrees with Set<number> on mixed layouts: dense runs, clusters, outliers and repeats', () => {
    for (let seed = 10; seed < 16; seed++) {
      const rng = new Rng(seed);
      const ids: number[] = [];
      let cursor = between(rng, 1, TOP - 1e7);
      for (let k = 0; k < 40; k++) {
        const kind = rng.int(0, 3);
        const run = rng.int(1, 3_000);
        for (let i = 0; i < run; i++) {
          if (kind === 0) ids.push(cursor++);
          else if (kind === 1) ids.push(cursor - rng.int(0, 50_000));
          else if (kind === 2) ids.push(between(rng, 1, TOP));
          else ids.push(ids.length > 0 ? ids[rng.int(0, ids.length - 1)] : 1);
        }
        if (rng.chance(0.2)) cursor = between(rng, 1, TOP - 1e7);
      }
      const filtered = ids.filter((id) => id >= 1);
      const probes = Array.from({ length: 5_000 }, () => between(rng, 1, TOP));
      againstOracle(filtered, [...probes, ...neighbours(filtered.slice(0, 3_000))]);
    }
  });

  it('keeps growing as ids arrive: small at first, every id still found after each growth', () => {
    const set = new IdSet();
    const start = set.bytes;
    expect(start).toBeLessThanOrEqual(8 * 1024);
    const rng = new Rng(5);
    const ids: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      const id = between(rng, 1, 2 ** 45);
      ids.push(id);
      set.add(id);
      if ((i & (i - 1)) === 0) expect(ids.filter((seen) => !set.has(seen))).toEqual([]);
    }
    expect(set.bytes).toBeGreaterThan(start);
    expect(set.size).toBe(new Set(ids).size);
  });

  it('does not hold 0, negative, fractional, unsafe or non-finite numbers, in the hash or the bitmap', () => {
    const n = 10_000;
    const sets = [
      againstOracle([1, 2, 3, 2 ** 40, TOP]),
      againstOracle(Array.from({ length: n }, (_, i) => i + 1)),
      againstOracle(Array.from({ length: n }, (_, i) => TOP - n + 1 + i)),
    ];
    for (const set of sets) {
      const size = set.size;
      for (const id of [0, -1, 1.5, 2.5, 2 ** 53, 2 ** 53 + 2, TOP + 0.5, 2 ** 60, NaN, Infinity, -Infinity]) {
        expect(set.has(id)).toBe(false);
        expect(() => set.add(id)).toThrow(/not a positive integer id/);
      }
      expect(set.size).toBe(size);
    }
  });

  it('builds from a list of ids at once, as a bitmap when they are dense', () => {
    const dense = Float64Array.from({ length: 50_000 }, (_, i) => i + 1_000_000);
    const fromDense = IdSet.of(dense);
    expect(fromDense.size).toBe(50_000);
    expect(fromDense.has(999_999)).toBe(false);
    expect(fromDense.has(1_000_000)).toBe(true);
    expect(fromDense.has(1_049_999)).toBe(true);
    expect(fromDense.has(1_050_000)).toBe(false);
    expect(fromDense.bytes).toBeLessThan(50_000 / 8 + 16_384);

    const rng = new Rng(6);
    const sparse = Float64Array.from({ length: 50_000 }, () => between(rng, 1, TOP));
    const fromSparse = IdSet.of(sparse);
    expect(fromSparse.size).toBe(new Set(sparse).size);
    expect(sparse.filter((id) => !fromSparse.has(id)).length).toBe(0);
    expect(fromSparse.has(TOP - 1)).toBe(sparse.includes(TOP - 1));
    expect(IdSet.of([]).size).toBe(0);
    expect(() => IdSet.of([1, 0])).toThrow(/not a positive integer id/);
  });

  it('stops at its hard cap with one sentence instead of running out of memory', () => {
    expect(MAX_SPARSE_IDS).toBe(MAX_HASH_SLOTS * 0.75);
    const set = new IdSet('the ids of rentas.csv', 4096);
    const rng = new Rng(7);
    let added = 0;
    const fill = () => {
      for (;;) {
        set.add(between(rng, 1, 2 ** 50));
        added++;
      }
    };
    expect(fill).toThrow(IdSetFullError);
    expect(added).toBe(3072);
    expect(fill).toThrow('The ids of rentas.csv are too many and too spread out to check in memory: expected at most 3,072 ids that fill less than one in 16 of their range.');
    // Dense ids never reach the cap: they go to the bitmap.
    const dense = new IdSet('dense', 4096);
    for (let i = 1; i <= 100_000; i++) dense.add(i);
    expect(dense.size).toBe(100_000);
  });
});

describe('the ids of a warehouse table (loadIds) and their lookup', () => {
  function tableOf(ids: number[]): Database.Database {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (const id of ids) insert.run(id, `row ${id}`);
    return db;
  }

  it('gives ids without a gap as their two ends, whatever their order of insertion', () => {
    const db = tableOf([5, 3, 4, 6, 7]);
    expect(loadIds(db, 't', 'id')).toEqual({ from: 3, to: 7 });
  });

  it('lists ids with a gap, and none for an empty table', () => {
    expect(loadIds(tableOf([1, 2, 4]), 't', 'id')).toEqual(new Float64Array([1, 2, 4]));
    expect(loadIds(tableOf([]), 't', 'id')).toEqual(new Float64Array([]));
  });

  it('looks up a range by its ends: only whole ids inside it are known', () => {
    const ids = idLookup({ from: 3, to: 2 ** 53 - 1 });
    expect([3, 4, 2 ** 53 - 1].map((id) => ids.has(id))).toEqual([true, true, true]);
    expect([2, 3.5, Number.NaN, 2 ** 53, -3].map((id) => ids.has(id))).toEqual([false, false, false, false, false]);
  });

  it('looks up a list through an IdSet', () => {
    const ids = idLookup(new Float64Array([1, 2, 4]));
    expect([1, 2, 3, 4].map((id) => ids.has(id))).toEqual([true, true, false, true]);
  });
});
