import { describe, expect, it } from 'vitest';
import { vehiculos } from '../../../common/tables/vehiculos.js';
import { expectRowReject } from '../../helpers/etl.js';

const contract = vehiculos(new Date('2026-06-01T00:00:00Z'));
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    id_vehiculo: '7', marca: ' BMW ', modelo: 'CR-V', anio: '2020', tipo: 'SUV',
    capacidad: '5', color: 'Gris  Oxford', kilometraje: '12500.5', estado: 'Disponible',
  };
  return contract.columns.map((c) => over[c] ?? base[c]);
};

describe('vehiculos row rule', () => {
  it('accepts a valid row, trimming text, collapsing inner spaces and keeping case', () => {
    const result = contract.validate(row());
    expect(result).toEqual({ ok: true, values: [7, 'BMW', 'CR-V', 2020, 'SUV', 5, 'Gris Oxford', 12500.5, 'Disponible'] });
  });

  it.each([
    ['id_vehiculo', '0'], ['id_vehiculo', '-3'], ['id_vehiculo', '1.5'], ['id_vehiculo', 'abc'], ['id_vehiculo', ''],
  ])('rejects %s = %j: not a positive integer', (column, value) => {
    expectRowReject(contract.validate(row({ [column]: value })), column, 'expected a positive integer id');
  });

  it('accepts anio from 1900 to next year and rejects outside', () => {
    expect(contract.validate(row({ anio: '1900' })).ok).toBe(true);
    expect(contract.validate(row({ anio: '2027' })).ok).toBe(true);
    expectRowReject(contract.validate(row({ anio: '2028' })), 'anio', 'expected an integer from 1900 to 2027, got "2028"');
    expectRowReject(contract.validate(row({ anio: '1899' })), 'anio', 'from 1900');
    expectRowReject(contract.validate(row({ anio: '2020.5' })), 'anio', 'expected an integer');
  });

  it('rejects capacidad outside 1..100', () => {
    expect(contract.validate(row({ capacidad: '100' })).ok).toBe(true);
    expectRowReject(contract.validate(row({ capacidad: '0' })), 'capacidad', 'from 1 to 100');
    expectRowReject(contract.validate(row({ capacidad: '101' })), 'capacidad', 'from 1 to 100');
  });

  it('rejects a negative or non-numeric kilometraje and accepts 0', () => {
    expect(contract.validate(row({ kilometraje: '0' })).ok).toBe(true);
    expectRowReject(contract.validate(row({ kilometraje: '-1' })), 'kilometraje', 'expected a number >= 0');
    expectRowReject(contract.validate(row({ kilometraje: '12 km' })), 'kilometraje', 'expected a number >= 0');
  });

  it('rejects an empty marca or modelo', () => {
    expectRowReject(contract.validate(row({ marca: '  ' })), 'marca', 'expected a non-empty text');
    expectRowReject(contract.validate(row({ modelo: '' })), 'modelo', 'expected a non-empty text');
  });
});
