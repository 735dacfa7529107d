import { describe, expect, it } from 'vitest';
import { decideHeader, matchHeader } from '../../common/header.js';
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

describe('decideHeader', () => {
  const header = async (text: string | Buffer, whole: boolean) => {
    const verdict = await decideHeader(Buffer.from(text), whole, 'p.csv', puntos);
    if (verdict.status === 'rejected') throw verdict.error;
    return verdict.header;
  };

  it('reads the header from a prefix cut in the middle of a later record', async () => {
    const prefix = '\uFEFFid_punto,"Nombre",direccion,telefono,horario_atencion,"nota\nlarga"\r\n1,"Rentas, Centro",Calle 5\n2,"cut here';
    expect(await header(prefix, false)).toMatchObject({
      fields: ['id_punto', 'Nombre', 'direccion', 'telefono', 'horario_atencion', 'nota\nlarga'],
      positions: [0, 1, 2, 3, 4],
      line: 1,
      lineEnd: 'lf',
    });
  });

  it('takes \\r alone as the line end when the bytes hold no \\n', async () => {
    expect(await header('id_punto,nombre,direccion,telefono,horario_atencion\r1,a,b,c,d\r', true)).toMatchObject({ lineEnd: 'cr', fields: ['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'] });
    expect(await header('id_punto,nombre,direccion,telefono,horario_atencion\r\n', true)).toMatchObject({ lineEnd: 'lf' });
  });

  it('reads a whole file without a line end, but refuses a prefix that holds no whole header line', async () => {
    expect(await header('id_punto,nombre,direccion,telefono,horario_atencion', true)).toMatchObject({ positions: [0, 1, 2, 3, 4] });
    await expect(header('id_punto,nombre,direccion,telefono,horario_atencion', false)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE_RECORD' });
  });

  it('refuses an empty file and a header that is not UTF-8, and keeps what it read of a bad header', async () => {
    await expect(header(Buffer.alloc(0), true)).rejects.toThrow('p.csv is empty');
    await expect(header(Buffer.from([0x69, 0x64, 0xe9, 0x0a]), true)).rejects.toThrow(/not UTF-8/);
    const verdict = await decideHeader(Buffer.from('id_punto,nombre\n'), true, 'p.csv', puntos);
    expect(verdict).toMatchObject({ status: 'rejected', found: ['id_punto', 'nombre'] });
  });

  it('accepts a UTF-8 character cut by the end of the prefix, after the header', async () => {
    const prefix = Buffer.concat([Buffer.from('id_punto,nombre,direccion,telefono,horario_atencion\n1,M'), Buffer.from('é').subarray(0, 1)]);
    expect(await header(prefix, false)).toMatchObject({ positions: [0, 1, 2, 3, 4] });
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
