import { describe, expect, it } from 'vitest';
import { GroupCursor, RentalGroups } from '../../batch-job/src/core/rental-groups.js';
import type { TableContract } from '../../common/tables/contract.js';

const COLUMNS = ['id_renta', 'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'fecha_inicio', 'duracion_segundos', 'costo_centavos'];
const contract = { storedColumns: COLUMNS.map((name) => ({ name })) } as unknown as TableContract;

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the groups of a full load, in key order', () => {
  it.each([
    ['few of everything', 7, 5, 4],
    ['1 000 vehicles, 300 points and 60 months (many groups per vehicle)', 1000, 300, 60],
    ['ids far apart and near 2^53', 40, 30, 12],
  ])('come out sorted by vehicle, pickup, return and month, with their sums: %s', (_, vehicles, points, months) => {
    const next = random(vehicles * 7919 + points);
    const far = vehicles === 40;
    const vehicleId = (i: number) => (far ? 2 ** 53 - 1 - i * 1_000_003 : 1 + i * 3);
    const rows: (string | number)[] = [];
    const expected = new Map<string, [number, number, number]>();
    for (let id = 1; id <= 20_000; id++) {
      const v = vehicleId(Math.floor(next() * vehicles));
      const s = 1 + Math.floor(next() * points) * 2;
      const r = 1 + Math.floor(next() * points) * 2;
      const m = Math.floor(next() * months);
      const month = `${2000 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`;
      const seconds = Math.floor(next() * 10_000_000);
      const cents = Math.floor(next() * 100_000_000);
      rows.push(id, v, s, r, `${month}-15 10:00:00`, seconds, cents);
      const key = JSON.stringify([v, s, r, month]);
      const sums = expected.get(key) ?? [0, 0, 0];
      expected.set(key, [sums[0] + 1, sums[1] + seconds, sums[2] + cents]);
    }
    const groups = new RentalGroups(contract);
    for (let at = 0; at < rows.length; at += 7 * 997) groups.add(rows.slice(at, at + 7 * 997));
    groups.complete();
    expect(groups.usable).toBe(true);

    const got: [string, [number, number, number]][] = [];
    const cursor = new GroupCursor(groups.ordered());
    while (cursor.next()) got.push([JSON.stringify([cursor.vehicle, cursor.pickup, cursor.dropoff, cursor.month]), [cursor.rentals, cursor.seconds, cursor.cents]]);
    const byKey = (a: string, b: string) => {
      const [x, y] = [JSON.parse(a) as (number | string)[], JSON.parse(b) as (number | string)[]];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    };
    expect(got).toEqual([...expected].sort(([a], [b]) => byKey(a, b)));
  });

  it('are taken whole from the thread that summed them, the pages shared rather than copied', () => {
    const summed = new RentalGroups(contract);
    summed.add([1, 5, 2, 3, '2024-01-02 00:00:00', 60, 100, 2, 5, 2, 3, '2024-01-09 00:00:00', 30, 50]);
    summed.complete();
    const collected = summed.collected()!;
    expect(collected.keys[0].buffer).toBeInstanceOf(SharedArrayBuffer);
    const taken = new RentalGroups(contract);
    taken.adopt(structuredClone(collected));
    const cursor = new GroupCursor(taken.ordered());
    expect(cursor.next()).toBe(true);
    expect([cursor.vehicle, cursor.pickup, cursor.dropoff, cursor.month, cursor.rentals, cursor.seconds, cursor.cents]).toEqual([5, 2, 3, '2024-01', 2, 90, 150]);
    expect(cursor.next()).toBe(false);
  });
});
