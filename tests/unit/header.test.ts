import { describe, expect, it } from 'vitest';
import { headerFromPrefix, matchHeader } from '../../common/header.js';
import { contractFor, tableForFile } from '../../common/tables/index.js';
import { expectEtlError } from '../helpers/etl.js';

const puntos = contractFor('puntos_renta');

describe('matchHeader', () => {
  it('matches columns in any order, any case, with spaces around', () => {
    const match = matchHeader([' Horario_Atencion', 'TELEFONO ', 'id_punto', 'nombre', 'Direccion'], puntos, 'puntos_renta.csv');
    expect(match.positions).toEqual([2, 3, 4, 1, 0]);
    expect(match.warnings).toEqual([]);
  });

  it('accepts extra columns and lists them as a warning', () => {
    const match = matchHeader(['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion', 'gerente'], puntos, 'puntos_renta.csv');
    expect(match.extras).toEqual(['gerente']);
    expect(match.warnings).toEqual(['puntos_renta.csv: extra column ignored: gerente.']);
  });

  it('rejects the file when a required column is missing, naming expected and found', () => {
    let error: unknown;
    try {
      matchHeader(['id_punto', 'nombre', 'telefono'], puntos, 'puntos_renta.csv');
    } catch (e) {
      error = e;
    }
    expectEtlError(error, 'HEADER_MISSING_COLUMN', 'puntos_renta.csv line 1: missing required columns direccion, horario_atencion; expected id_punto, nombre, direccion, telefono, horario_atencion (any order), found id_punto, nombre, telefono.', 1);
  });

  it('rejects the file when a required column is repeated', () => {
    expect(() => matchHeader(['id_punto', 'nombre', 'NOMBRE', 'direccion', 'telefono', 'horario_atencion'], puntos, 'p.csv')).toThrow(
      /column nombre: expected each required column once, found it 2 times/,
    );
  });

  it('strips a byte-order mark from the first column name', () => {
    expect(matchHeader(['\uFEFFid_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'], puntos, 'p.csv').positions[0]).toBe(0);
  });
});

describe('headerFromPrefix', () => {
  it('reads the header from a prefix cut in the middle of a later record', () => {
    const prefix = Buffer.from('\uFEFFid_punto,"nombre\nlargo",direccion\r\n1,"Rentas, Centro",Calle 5\n2,"cut here');
    expect(headerFromPrefix(prefix, 'p.csv', false)).toEqual(['id_punto', 'nombre\nlargo', 'direccion']);
  });

  it('waits for more bytes when the prefix has no whole header line and the file goes on', () => {
    expect(headerFromPrefix(Buffer.from('id_punto,nom'), 'p.csv', false)).toBeUndefined();
    expect(headerFromPrefix(Buffer.from('id_punto,nombre'), 'p.csv', true)).toEqual(['id_punto', 'nombre']);
  });

  it('refuses an empty file and a header that is not UTF-8', () => {
    expect(() => headerFromPrefix(Buffer.alloc(0), 'p.csv', true)).toThrow('p.csv is empty');
    expect(() => headerFromPrefix(Buffer.from([0x69, 0x64, 0xe9, 0x0a]), 'p.csv', true)).toThrow(/not UTF-8/);
  });

});

describe('tableForFile', () => {
  it.each([
    ['vehiculos.csv', 'vehiculos'], ['RENTAS.CSV', 'rentas'], ['clientes.csv.gz', 'clientes'], ['puntos_renta.csv', 'puntos_renta'],
    ['notas.csv', undefined], ['_SUCCESS', undefined], ['rentas.csv.bak', undefined],
  ])('identifies %s as %s', (name, key) => {
    expect(tableForFile(name)).toBe(key);
  });
});
