import { describe, expect, it } from 'vitest';
import { decideHeader, matchHeader } from '../../common/header.js';
import type { InputEncoding } from '../../common/text-encoding.js';
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
  const header = async (text: string | Buffer, whole: boolean, encoding?: InputEncoding) => {
    const verdict = await decideHeader(Buffer.from(text), whole, 'p.csv', puntos, encoding);
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

  it('refuses an empty file and, under INPUT_ENCODING=utf-8, a header that is not UTF-8, and keeps what it read of a bad header', async () => {
    await expect(header(Buffer.alloc(0), true)).rejects.toThrow('p.csv is empty');
    await expect(header(Buffer.from([0x69, 0x64, 0xe9, 0x0a]), true, 'utf-8')).rejects.toThrow('p.csv line 1: expected UTF-8 text (INPUT_ENCODING=utf-8)');
    const verdict = await decideHeader(Buffer.from('id_punto,nombre\n'), true, 'p.csv', puntos);
    expect(verdict).toMatchObject({ status: 'rejected', found: ['id_punto', 'nombre'] });
  });

  it('reads a Windows-1252 header under INPUT_ENCODING=auto, with a warning naming the file, and as such when told so', async () => {
    const bytes = Buffer.from('id_punto,nombre,direccion,telefono,horario_atencion,ubicaci\xf3n\n', 'latin1');
    expect(await header(bytes, true)).toMatchObject({ encoding: 'windows-1252', extras: ['ubicación'], warnings: [expect.stringContaining('p.csv: not UTF-8, read as Windows-1252'), 'p.csv: extra column ignored: ubicación.'] });
    expect(await header(bytes, true, 'windows-1252')).toMatchObject({ encoding: 'windows-1252', warnings: ['p.csv: extra column ignored: ubicación.'] });
  });

  it('rejects UTF-8 mixed with other bytes within the prefix, a BOM counting as UTF-8, at the line of the first other byte', async () => {
    const bom = Buffer.concat([Buffer.from('\uFEFFid_punto,nombre,direccion,telefono,horario_atencion\n1,'), Buffer.from('Le\xf3n\n', 'latin1')]);
    await expect(header(bom, true)).rejects.toMatchObject({ code: 'FILE_NOT_UTF8', line: 2, message: expect.stringContaining('p.csv line 2: expected one encoding for the whole file') });
  });

  it('names semicolons as the delimiter of a header that uses them', () => {
    expect(() => matchHeader(['id_punto;nombre;direccion;telefono;horario_atencion'], puntos, 'p.csv')).toThrow(
      'p.csv line 1: expected columns separated by commas, found them separated by semicolons (;): id_punto;nombre;direccion;telefono;hora…; save the file as "CSV UTF-8 (comma delimited)".',
    );
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
