import { describe, expect, it } from 'vitest';
import { probableTable } from '../../common/tables/file-names.js';

describe('probableTable (the table a misnamed file was meant for)', () => {
  it('sees through extensions, copy marks, case, accents and spaces', () => {
    expect(probableTable('rentas.txt')).toBe('rentas');
    expect(probableTable('Rentas (1).csv')).toBe('rentas');
    expect(probableTable('rentas.xlsx')).toBe('rentas');
    expect(probableTable('rentas - copia.csv')).toBe('rentas');
    expect(probableTable('Vehículos.csv')).toBe('vehiculos');
    expect(probableTable('puntos renta.csv')).toBe('puntos_renta');
    expect(probableTable('clientes_2024.csv')).toBe('clientes');
  });

  it('forgives a slip of a letter or two', () => {
    expect(probableTable('renta.csv')).toBe('rentas');
    expect(probableTable('clients.csv')).toBe('clientes');
    expect(probableTable('vehiculo.csv')).toBe('vehiculos');
  });

  it('guesses nothing for a name like no table', () => {
    expect(probableTable('notas.docx')).toBeUndefined();
    expect(probableTable('README')).toBeUndefined();
    expect(probableTable('ab.csv')).toBeUndefined();
  });
});
