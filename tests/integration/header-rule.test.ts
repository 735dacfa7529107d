import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkHeader } from '../../functions/validate-upload/header-check.js';
import { runNode } from '../helpers/cli.js';
import { HEADERS, runBatch, tempDir, writeBatch } from '../helpers/etl.js';
import { MemoryStore } from '../helpers/validate-upload.js';

/**
 * One table of header cases, each run through both entry points: the upload Lambda's header
 * check (over an in-memory bucket) and the ETL core on a temp folder (read from its manifest).
 * Both must give the same verdict and, for a rejected file, the same sentence.
 */
const H = HEADERS.puntos_renta;
const ROW = '1,Centro,"Calle 5, CDMX",555,Lun-Dom';
const latin1 = (text: string) => Buffer.from(text, 'latin1');

interface HeaderCase {
  readonly name: string;
  readonly body: string | Buffer;
  /** `puntos_renta.csv` unless given. */
  readonly file?: string;
  /** `ok` with the rows the job loads, or the rejection's code and the start of its sentence. */
  readonly expect: { ok: true; rows: number; warnings: readonly string[] } | { ok: false; code: string; error: string };
}

const ok = (rows: number, ...warnings: string[]) => ({ ok: true as const, rows, warnings });
const rejected = (code: string, error: string) => ({ ok: false as const, code, error });

const CASES: readonly HeaderCase[] = [
  { name: 'LF line ends', body: `${H}\n${ROW}\n`, expect: ok(1) },
  { name: 'CRLF line ends', body: `${H}\r\n${ROW}\r\n`, expect: ok(1) },
  { name: 'CR-only line ends (a file with no \\n at all)', body: `${H}\r${ROW}\r2,Norte,Calle 6,556,Lun-Sab\r`, expect: ok(2) },
  { name: 'CR-only line ends, gzip-compressed', file: 'puntos_renta.csv.gz', body: gzipSync(`${H}\r${ROW}\r`), expect: ok(1) },
  {
    name: 'CR line ends, then a \\n within the first bytes (not a CR-only file)',
    body: `${H}\r${ROW}\n`,
    expect: rejected('HEADER_MISSING_COLUMN', 'puntos_renta.csv line 1: missing required column horario_atencion;'),
  },
  { name: 'UTF-8 BOM', body: `\uFEFF${H}\n${ROW}\n`, expect: ok(1) },
  { name: 'UTF-8 BOM then spaces', body: `\uFEFF  id_punto , nombre,direccion,telefono,horario_atencion\n${ROW}\n`, expect: ok(1) },
  { name: 'a BOM and nothing else', body: '\uFEFF', expect: rejected('FILE_EMPTY', 'puntos_renta.csv is empty: expected a header row.') },
  { name: 'quoted names', body: `"id_punto","nombre","direccion","telefono","horario_atencion"\n${ROW}\n`, expect: ok(1) },
  { name: 'names in another case, with spaces, in another order', body: ` Telefono ,NOMBRE,ID_Punto, horario_atencion,Direccion\n555,Centro,1,Lun-Dom,Calle 5\n`, expect: ok(1) },
  {
    name: 'doubled quotes in an extra column name',
    body: `${H},"nota ""interna"""\n${ROW},x\n`,
    expect: ok(1, 'puntos_renta.csv: extra column ignored: nota "interna".'),
  },
  {
    name: 'text after a closing quote ("nota"x)',
    body: `${H},"nota"x\n${ROW},x\n`,
    expect: rejected('FILE_UNREADABLE', 'puntos_renta.csv line 1: expected RFC 4180 CSV, found text right after a closing quote.'),
  },
  {
    name: 'a quote that never closes in a header-only file',
    body: `${H},"nota\n`,
    expect: rejected('FILE_UNREADABLE', 'puntos_renta.csv line 1: expected every quoted field to be closed, but this quote never closes.'),
  },
  {
    name: 'a quote inside an unquoted name, taken literally',
    body: `${H},nota "x"\n${ROW},x\n`,
    expect: ok(1, 'puntos_renta.csv: extra column ignored: nota "x".'),
  },
  {
    name: 'a quoted newline inside a required name',
    body: `id_punto,"nombre\nlargo",direccion,telefono,horario_atencion\n${ROW}\n`,
    expect: rejected('HEADER_MISSING_COLUMN', 'puntos_renta.csv line 1: missing required column nombre;'),
  },
  { name: 'a quoted newline inside an extra name', body: `${H},"nota\nlarga"\n${ROW},x\n`, expect: ok(1, 'puntos_renta.csv: extra column ignored: nota\\nlarga.') },
  { name: 'extra columns', body: `${H},gerente,zona\n${ROW},Ana,Sur\n`, expect: ok(1, 'puntos_renta.csv: extra columns ignored: gerente, zona.') },
  {
    name: 'a required column repeated in another case',
    body: `${H},NOMBRE\n${ROW},x\n`,
    expect: rejected('HEADER_DUPLICATE_COLUMN', 'puntos_renta.csv line 1, column nombre: expected each required column once, found it 2 times in the header.'),
  },
  {
    name: 'a required column missing',
    body: 'id_punto,nombre,telefono,horario_atencion\n1,Centro,555,Lun-Dom\n',
    expect: rejected('HEADER_MISSING_COLUMN', 'puntos_renta.csv line 1: missing required column direccion;'),
  },
  {
    name: 'a ;-delimited header',
    body: 'id_punto;nombre;direccion;telefono;horario_atencion\n1;Centro;Calle 5;555;Lun-Dom\n',
    expect: rejected('HEADER_MISSING_COLUMN', 'puntos_renta.csv line 1: expected columns separated by commas, found them separated by semicolons (;): id_punto;nombre;direccion;telefono;hora…;'),
  },
  { name: 'an empty file', body: '', expect: rejected('FILE_EMPTY', 'puntos_renta.csv is empty: expected a header row.') },
  { name: 'only blank lines', body: '\n\r\n\n', expect: rejected('FILE_EMPTY', 'puntos_renta.csv is empty: expected a header row.') },
  { name: 'a blank line before the header', body: `\n${H}\n${ROW}\n`, expect: ok(1) },
  { name: 'a header-only file', body: `${H}\n`, expect: ok(0) },
  { name: 'a header-only file without a line end', body: H, expect: ok(0) },
  {
    name: 'a Windows-1252 header (Excel\'s plain "CSV" save), read as such under INPUT_ENCODING=auto',
    body: latin1(`${H},ubicaci\xf3n\n${ROW},x\n`),
    expect: ok(
      1,
      'puntos_renta.csv: not UTF-8, read as Windows-1252 (Excel\'s plain "CSV" save); save it as "CSV UTF-8" to be sure accented letters are kept.',
      'puntos_renta.csv: extra column ignored: ubicación.',
    ),
  },
  {
    name: 'UTF-8 mixed with other bytes within the first bytes',
    body: Buffer.concat([Buffer.from(`${H},ubicación\n${ROW},x\n2,Norte,Calle 6,556,Lun-S`), latin1('\xe1b\n')]),
    expect: rejected('FILE_NOT_UTF8', 'puntos_renta.csv line 3: expected one encoding for the whole file, found bytes that are not UTF-8 in a file that also holds UTF-8 text;'),
  },
  {
    name: 'a header longer than the first 64 KiB',
    body: `${H},${'x'.repeat(70_000)}\n${ROW},x\n`,
    expect: rejected('FILE_TOO_LARGE_RECORD', 'puntos_renta.csv line 1: expected the header row within the first 65536 bytes, found no line end.'),
  },
];

/** The upload Lambda's verdict: its header check over an in-memory bucket. */
async function lambdaVerdict(file: string, body: string | Buffer) {
  const store = new MemoryStore('input').put(`incoming/b/${file}`, body);
  const check = await checkHeader((k, s, e) => store.getRange(k, s, e), `incoming/b/${file}`, file, 'puntos_renta');
  if (check.status === 'ok') return { ok: true, warnings: check.warnings };
  if (check.status === 'gone') throw new Error('the object vanished');
  return { ok: false, code: check.error.code, error: check.error.message };
}

/** The job's verdict: the ETL core on a folder holding the file, as its manifest reports it. */
async function jobVerdict(file: string, body: string | Buffer) {
  const { manifest } = await runBatch({ [file]: body });
  const table = manifest.tables.puntos_renta;
  if (table.status === 'loaded') return { ok: true, warnings: table.warnings, inserted: table.inserted, rejected: table.rejected };
  return { ok: false, error: table.error };
}

describe('the header rule, at the upload check and in the job', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const file = c.file ?? 'puntos_renta.csv';

    const [lambda, job] = [await lambdaVerdict(file, c.body), await jobVerdict(file, c.body)];

    const want = c.expect;
    if (want.ok) {
      const warnings = want.warnings;
      expect(lambda).toEqual({ ok: true, warnings });
      expect(job).toEqual({ ok: true, warnings, inserted: want.rows, rejected: 0 });
    } else {
      expect(lambda).toMatchObject({ ok: false, code: want.code });
      expect(lambda.error).toContain(want.error);
      expect(job).toEqual({ ok: false, error: lambda.error });
    }
  });
});

describe('the header rule in the bundled CLI, whose worker thread parses the rows', () => {
  const picked = [
    'CR-only line ends (a file with no \\n at all)',
    'text after a closing quote ("nota"x)',
    'UTF-8 mixed with other bytes within the first bytes',
    'UTF-8 BOM then spaces',
  ];

  it.each(CASES.filter((c) => picked.includes(c.name)).map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const file = c.file ?? 'puntos_renta.csv';

    const cli = runNode('cli', ['--input', writeBatch({ [file]: c.body }), '--out', tempDir(), '--json']);
    const table = JSON.parse(cli.stdout).tables.puntos_renta;

    const job = await jobVerdict(file, c.body);
    expect(job.ok ? { ok: true, warnings: table.warnings, inserted: table.inserted, rejected: table.rejected } : { ok: false, error: table.error }).toEqual(job);
    expect(cli.status).toBe(c.expect.ok ? 0 : 1);
  });
});
