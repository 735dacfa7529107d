import { describe, expect, it } from 'vitest';
import { contractFor } from '../../../common/tables/index.js';
import { checkFields, expectRowReject } from '../../helpers/etl.js';

const contract = contractFor('vehiculos', new Date('2026-06-01T00:00:00Z'));
const check = (over: Partial<Record<string, string>> = {}) =>
  checkFields(contract, {
    id_vehiculo: '7', marca: ' BMW ', modelo: 'CR-V', anio: '2020', tipo: 'SUV',
    capacidad: '5', color: 'Gris  Oxford', kilometraje: '12500.5', estado: 'Disponible',
    ...over,
  });

describe('vehiculos row rule', () => {
  it('accepts a valid row, trimming text, collapsing inner spaces and keeping case', () => {
    const result = check();
    expect(result).toEqual({ ok: true, values: [7, 'BMW', 'CR-V', 2020, 'SUV', 5, 'Gris Oxford', 12500.5, 'Disponible'] });
  });

  it.each([
    ['id_vehiculo', '0'], ['id_vehiculo', '-3'], ['id_vehiculo', '1.5'], ['id_vehiculo', 'abc'], ['id_vehiculo', ''],
  ])('rejects %s = %j: not a positive integer', (column, value) => {
    expectRowReject(check({ [column]: value }), column, 'expected a positive integer id');
  });

  it('accepts anio from 1900 to next year and rejects outside', () => {
    expect(check({ anio: '1900' }).ok).toBe(true);
    expect(check({ anio: '2027' }).ok).toBe(true);
    expectRowReject(check({ anio: '2028' }), 'anio', 'expected an integer from 1900 to 2027, got "2028"');
    expectRowReject(check({ anio: '1899' }), 'anio', 'from 1900');
    expectRowReject(check({ anio: '2020.5' }), 'anio', 'expected an integer');
  });

  it('rejects capacidad outside 1..100', () => {
    expect(check({ capacidad: '100' }).ok).toBe(true);
    expectRowReject(check({ capacidad: '0' }), 'capacidad', 'from 1 to 100');
    expectRowReject(check({ capacidad: '101' }), 'capacidad', 'from 1 to 100');
  });

  it('rejects a negative or non-numeric kilometraje and accepts 0', () => {
    expect(check({ kilometraje: '0' }).ok).toBe(true);
    expectRowReject(check({ kilometraje: '-1' }), 'kilometraje', 'expected a number >= 0');
    expectRowReject(check({ kilometraje: '12 km' }), 'kilometraje', 'expected a number >= 0');
  });

  it('rejects an empty marca or modelo', () => {
    expectRowReject(check({ marca: '  ' }), 'marca', 'expected a non-empty text');
    expectRowReject(check({ modelo: '' }), 'modelo', 'expected a non-empty text');
  });
});
