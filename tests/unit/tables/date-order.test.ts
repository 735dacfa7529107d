import { describe, expect, it } from 'vitest';
import { setLang } from '../../../common/i18n/index.js';
import { contractFor, DEFAULT_LIMITS, type DateOrder } from '../../../common/tables/index.js';
import { checkFields } from '../../helpers/etl.js';

const contractOf = (dateOrder: DateOrder) => contractFor('rentas', new Date('2026-01-01'), { ...DEFAULT_LIMITS, dateOrder });
const iso = contractOf('iso');
const dmy = contractOf('dmy');
const row = (inicio: string, fin = '2025-01-01'): Record<string, string> => ({
  id_renta: '1', id_vehiculo: '2', id_punto_salida: '3', id_punto_retorno: '4', id_cliente: '5',
  fecha_inicio: inicio, fecha_fin: fin, costo_total: '100',
});
/** The stored fecha_inicio, or the reject's code and message. */
function inicio(contract: ReturnType<typeof contractOf>, text: string, fin?: string) {
  const result = checkFields(contract, row(text, fin));
  return result.ok ? result.values[5] : { code: result.reject.code, column: result.reject.column, message: result.reject.message };
}

describe('DATE_ORDER=dmy', () => {
  it.each([
    ['5/3/2024', '2024-03-05 00:00:00'],
    ['05/03/2024', '2024-03-05 00:00:00'],
    ['5-3-2024', '2024-03-05 00:00:00'],
    ['05-03-2024 14:30', '2024-03-05 14:30:00'],
    ['31/12/2024 23:59:59', '2024-12-31 23:59:59'],
    ['29/02/2024', '2024-02-29 00:00:00'],
    [' 1/1/2024 ', '2024-01-01 00:00:00'],
    ['2024-03-05 14:30', '2024-03-05 14:30:00'],
  ])('reads %j as %j', (text, stored) => {
    expect(inicio(dmy, text)).toBe(stored);
  });

  it.each(['31/02/2024', '29/02/2023', '13/13/2024', '05/03/2024 24:00', '05/03/2024 9:05', '05/03-2024', '05.03.2024', '5/3/20245', '2024/03/05'])(
    'rejects %j, naming the forms it accepts',
    (text) => {
      expect(inicio(dmy, text)).toEqual({
        code: 'BAD_DATE',
        column: 'fecha_inicio',
        message: `expected a date D/M/YYYY or DD/MM/YYYY (with / or -), optionally followed by HH:MM or HH:MM:SS, or an ISO date YYYY-MM-DD, got ${JSON.stringify(text)}`,
      });
    },
  );

  it('orders and measures day-first dates like ISO ones', () => {
    const result = checkFields(dmy, row('05/03/2024 10:00', '07/03/2024 16:00'));
    expect(result.ok && result.values.slice(5, 9)).toEqual(['2024-03-05 10:00:00', '2024-03-07 16:00:00', 100, 2.25]);
    expect(checkFields(dmy, row('07/03/2024', '05/03/2024'))).toMatchObject({ ok: false, reject: { code: 'DATE_ORDER', column: 'fecha_fin' } });
  });
});

describe('dates either setting refuses, with a reason that says why', () => {
  it.each([
    ['05/03/24', 'two-digit'],
    ['5-3-24 10:00', 'two-digit'],
  ])('rejects the two-digit year of %j', (text) => {
    for (const contract of [iso, dmy]) {
      expect(inicio(contract, text)).toEqual({
        code: 'BAD_DATE',
        column: 'fecha_inicio',
        message: `expected a four-digit year, got ${JSON.stringify(text)}: a two-digit year is not accepted; format the column with the full year`,
      });
    }
  });

  it.each(['05/03/2024 02:30 p. m.', '05/03/2024 02:30 a. m.', '2024-03-05 2:30 PM', '05/03/2024 02:30 pm'])('rejects the 12-hour time of %j', (text) => {
    for (const contract of [iso, dmy]) {
      expect(inicio(contract, text)).toMatchObject({ code: 'BAD_DATE', message: `expected a 24-hour time (HH:MM), got ${JSON.stringify(text)}: a. m./p. m. times are not accepted; format the column as 24-hour time` });
    }
  });
});

describe('DATE_ORDER=iso (the default)', () => {
  it.each(['05/03/2024', '5-3-2024 14:30'])('rejects the day-first %j with a reason that names DATE_ORDER', (text) => {
    expect(inicio(iso, text)).toEqual({
      code: 'BAD_DATE',
      column: 'fecha_inicio',
      message: `expected a date YYYY-MM-DD (DATE_ORDER=iso), got ${JSON.stringify(text)}, which reads as day/month/year: set DATE_ORDER=dmy to accept such dates, or export the dates as YYYY-MM-DD`,
    });
  });

  it('keeps its sentence for any other bad date', () => {
    expect(inicio(iso, '2024-02-30')).toMatchObject({ message: 'expected a date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM[:SS], got "2024-02-30"' });
  });

  it('says it in Spanish too', () => {
    setLang('es');
    try {
      expect(inicio(iso, '05/03/2024')).toMatchObject({ message: expect.stringContaining('defina DATE_ORDER=dmy') });
    } finally {
      setLang('en');
    }
  });
});
