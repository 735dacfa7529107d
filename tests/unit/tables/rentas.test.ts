import { describe, expect, it } from 'vitest';
import { contractFor } from '../../../common/tables/index.js';
import { checkFields, expectRowReject } from '../../helpers/etl.js';

const contract = contractFor('rentas');
const row = (inicio: string, fin: string, costo = '100'): Record<string, string> => ({
  id_renta: '1', id_vehiculo: '2', id_punto_salida: '3', id_punto_retorno: '4', id_cliente: '5',
  fecha_inicio: inicio, fecha_fin: fin, costo_total: costo,
});
const duracion = contract.storedColumns.findIndex((c) => c.name === 'duracion_renta');

describe('rentas row rule', () => {
  it('computes duracion_renta in fractional days and normalises dates', () => {
    const result = checkFields(contract, row('2024-01-01 10:00', '2024-01-03T16:00:00'));
    expect(result).toEqual({ ok: true, values: [1, 2, 3, 4, 5, '2024-01-01 10:00:00', '2024-01-03 16:00:00', 100, 2.25] });
  });

  it('accepts plain dates as midnight', () => {
    const result = checkFields(contract, row('2024-02-28', '2024-03-01'));
    expect(result.ok && result.values[duracion]).toBe(2);
  });

  it('takes wall-clock times as written, with no time-zone shift across DST dates', () => {
    const result = checkFields(contract, row('2022-04-02 12:00', '2022-04-03 12:00'));
    expect(result.ok && result.values[duracion]).toBe(1);
  });

  it('knows leap years: 2024-02-29 and 2000-02-29 exist, 2023-02-29 and 1900-02-29 do not', () => {
    expect(checkFields(contract, row('2024-02-29', '2024-03-01')).ok).toBe(true);
    expect(checkFields(contract, row('2000-02-29', '2000-03-01')).ok).toBe(true);
    expectRowReject(checkFields(contract, row('2023-02-29', '2024-03-01')), 'fecha_inicio', 'expected a date');
    expectRowReject(checkFields(contract, row('1900-02-29', '2024-03-01')), 'fecha_inicio', 'expected a date');
  });

  it('measures durations across years below 100 without the two-digit-year shift of Date.UTC', () => {
    const result = checkFields(contract, row('0099-12-31', '0100-01-01'));
    expect(result.ok && result.values[duracion]).toBe(1);
  });

  it.each(['2023-02-30', '2024-04-31', '2024-01-01T10', ' 2024-01-01 10:00:00x', '2024-01-01 1a:00', '2024-13-01', '2024-01-01 25:00', '2024-01-01 10:60', '01/02/2024', '2024-1-5', 'ayer'])(
    'rejects the impossible or non-ISO date %j',
    (value) => {
      expectRowReject(checkFields(contract, row(value, '2025-01-01')), 'fecha_inicio', 'expected a date YYYY-MM-DD');
    },
  );

  it('rejects a rental whose fecha_fin is not after fecha_inicio', () => {
    expectRowReject(checkFields(contract, row('2024-01-02', '2024-01-01')), 'fecha_fin', 'expected a date after fecha_inicio');
    expectRowReject(checkFields(contract, row('2024-01-02 10:00', '2024-01-02 10:00')), 'fecha_fin', 'after fecha_inicio');
  });

  it('measures the same durations as Date.UTC across the whole calendar', () => {
    const utc = (y: number, mo: number, d: number, h: number, mi: number) => new Date(Date.UTC(2000, mo - 1, d, h, mi)).setUTCFullYear(y);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let i = 0; i < 2000; i++) {
      const [y1, y2] = [1 + next(9998), 1 + next(9998)].sort((a, b) => a - b);
      const start = [y1, 1 + next(12), 1 + next(28), next(24), next(60)] as const;
      const end = [y2 === y1 ? y1 + 1 : y2, 1 + next(12), 1 + next(28), next(24), next(60)] as const;
      const text = ([y, mo, d, h, mi]: readonly number[]) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
      const result = checkFields(contract, row(text(start), text(end)));
      expect(result.ok && result.values[duracion]).toBe((utc(...end) - utc(...start)) / 86_400_000);
    }
  });

  it('rejects a negative costo_total and accepts zero', () => {
    expect(checkFields(contract, row('2024-01-01', '2024-01-02', '0')).ok).toBe(true);
    expectRowReject(checkFields(contract, row('2024-01-01', '2024-01-02', '-5')), 'costo_total', 'expected a number >= 0');
  });

  it.each(['id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'id_cliente'])('rejects a non-positive foreign key in %s', (column) => {
    expectRowReject(checkFields(contract, { ...row('2024-01-01', '2024-01-02'), [column]: '0' }), column, 'positive integer');
  });

  it('reports the order of dates before a bad costo_total, as the columns are declared', () => {
    expectRowReject(checkFields(contract, row('2024-01-02', '2024-01-01', '-5')), 'fecha_fin', 'after fecha_inicio (2024-01-02 00:00:00), got "2024-01-01"');
  });

  it('reads the columns by name whatever their order in the file', () => {
    const { costo_total, fecha_fin, ...rest } = row('2024-01-01 10:00', '2024-01-03T16:00:00', '250');
    const result = checkFields(contract, { costo_total, fecha_fin, ...rest });
    expect(result).toEqual({ ok: true, values: [1, 2, 3, 4, 5, '2024-01-01 10:00:00', '2024-01-03 16:00:00', 250, 2.25] });
  });
});
