import { describe, expect, it } from 'vitest';
import { contractFor, DEFAULT_LIMITS } from '../../../common/tables/index.js';
import { decimalCents } from '../../../common/tables/rules.js';
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
    expect(result).toEqual({ ok: true, values: [1, 2, 3, 4, 5, '2024-01-01 10:00:00', '2024-01-03 16:00:00', 100, 2.25, 10_000, 194_400] });
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

  it('measures the same durations as Date.UTC across the whole calendar (bound lifted to 10 000 years)', () => {
    const contract = contractFor('rentas', new Date(), { ...DEFAULT_LIMITS, maxRentalDays: 4_000_000 });
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
    expectRowReject(checkFields(contract, row('2024-01-01', '2024-01-02', '-5')), 'costo_total', 'expected a number from 0 to 10000000 (MAX_COSTO_TOTAL), got "-5"');
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
    expect(result).toEqual({ ok: true, values: [1, 2, 3, 4, 5, '2024-01-01 10:00:00', '2024-01-03 16:00:00', 250, 2.25, 25_000, 194_400] });
  });
});

const costo = contract.storedColumns.findIndex((c) => c.name === 'costo_total');
const centavos = contract.storedColumns.findIndex((c) => c.name === 'costo_centavos');
const segundos = contract.storedColumns.findIndex((c) => c.name === 'duracion_segundos');
const money = (text: string) => {
  const result = checkFields(contract, row('2024-01-01', '2024-01-02', text));
  return result.ok ? [result.values[costo], result.values[centavos]] : result.reject;
};

describe('rentas costo_total: whole cents from the decimal text as written', () => {
  it.each([
    ['1.005', 1.01, 101],
    ['100.005', 100.01, 10_001],
    ['2.675', 2.68, 268],
    ['1234.56', 1234.56, 123_456],
    ['0.005', 0.01, 1],
    ['0.0049999', 0, 0],
    ['1e2', 100, 10_000],
    ['1.2345E2', 123.45, 12_345],
    ['5e-3', 0.01, 1],
    ['.5', 0.5, 50],
    ['7.', 7, 700],
    ['+3', 3, 300],
    ['-0', 0, 0],
    [' 12.345 ', 12.35, 1235],
    ['9999999.995', 10_000_000, 1_000_000_000],
    ['10000000', 10_000_000, 1_000_000_000],
    ['10000000.000', 10_000_000, 1_000_000_000],
    ['0.1e-999999999', 0, 0],
  ])('reads %j as %d pesos, %d cents (half away from zero on the digits, never a float)', (text, pesos, cents) => {
    expect(money(text)).toEqual([pesos, cents]);
  });

  it.each(['10000000.001', '10000001', '1e8', '1e17', '1e308', '1e999999999999', '-0.01', '-5'])(
    'rejects %j, beyond the bound as written, naming MAX_COSTO_TOTAL',
    (text) => {
      expect(money(text)).toEqual({ column: 'costo_total', code: 'OUT_OF_RANGE', message: `expected a number from 0 to 10000000 (MAX_COSTO_TOTAL), got "${text}"` });
    },
  );

  it.each(['Infinity', '-Infinity', 'NaN', '', ' ', '0x10', '1e', '1e+', '.', '+', '1.2.3', '12 MXN', '$12', '1_000'])(
    'rejects the non-number %j with the same sentence',
    (text) => {
      expect(money(text)).toEqual({ column: 'costo_total', code: 'BAD_NUMBER', message: `expected a number from 0 to 10000000 (MAX_COSTO_TOTAL), got ${JSON.stringify(text)}` });
    },
  );

  it.each(['1,5', '1234,50', '1.234,50', '1,234.50'])('rejects %j as a number with a decimal comma or a thousands separator, saying so', (text) => {
    expect(money(text)).toEqual({
      column: 'costo_total',
      code: 'BAD_NUMBER',
      message: `expected a number written with a decimal point and no thousands separator (1234.50), got ${JSON.stringify(text)}, which has a decimal comma or a thousands separator`,
    });
  });

  it('applies the MAX_COSTO_TOTAL it is given', () => {
    const small = contractFor('rentas', new Date(), { ...DEFAULT_LIMITS, maxCostoTotal: 500 });
    const check = (text: string) => checkFields(small, row('2024-01-01', '2024-01-02', text));
    expect(check('500').ok).toBe(true);
    expectRowReject(check('500.001'), 'costo_total', 'expected a number from 0 to 500 (MAX_COSTO_TOTAL), got "500.001"');
  });

  it('agrees with the exact decimal rounding on random texts', () => {
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let i = 0; i < 5000; i++) {
      const whole = String(next(100_000_000));
      const fraction = String(next(100_000)).padStart(5, '0').slice(0, 1 + next(5));
      const text = `${whole}.${fraction}`;
      // The reference, in BigInt: cents and the rest below the cent, rounded half up.
      const scaled = BigInt(whole + fraction.padEnd(5, '0'));
      const expected = Number((scaled + 500n) / 1000n);
      const asWritten = scaled <= 10_000_000n * 100_000n;
      expect(decimalCents(text, 1_000_000_000)).toBe(asWritten ? expected : -2);
    }
  });
});

describe('rentas duration: whole seconds, at most MAX_RENTAL_DAYS', () => {
  it('keeps the duration in whole seconds beside the days', () => {
    const result = checkFields(contract, row('2024-01-01 10:00:05', '2024-01-01 10:00:06'));
    expect(result.ok && [result.values[duracion], result.values[segundos]]).toEqual([1 / 86_400, 1]);
  });

  it('accepts a same-day rental and one of exactly 366 days', () => {
    expect(checkFields(contract, row('2024-03-01 08:00', '2024-03-01 08:01')).ok).toBe(true);
    const result = checkFields(contract, row('2024-01-01 00:00', '2025-01-01 00:00'));
    expect(result.ok && [result.values[duracion], result.values[segundos]]).toEqual([366, 366 * 86_400]);
  });

  it('rejects a rental one second longer than MAX_RENTAL_DAYS, naming the setting', () => {
    expectRowReject(
      checkFields(contract, row('2024-01-01 00:00', '2025-01-01 00:00:01')),
      'fecha_fin',
      'expected a date at most 366 days (MAX_RENTAL_DAYS) after fecha_inicio (2024-01-01 00:00:00), got "2025-01-01 00:00:01"',
    );
  });
});
