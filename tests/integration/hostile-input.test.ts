import { describe, expect, it } from 'vitest';
import { BASE_BATCH, HEADERS, runBatch } from '../helpers/etl.js';

/** Each hostile file replaces clientes.csv; the other three files of the batch must still load. */
async function refuse(content: string | Buffer) {
  const { manifest, exitCode } = await runBatch({ ...BASE_BATCH, 'clientes.csv': content });
  expect(exitCode).toBe(1);
  expect(manifest.tables.vehiculos).toMatchObject({ status: 'loaded', inserted: 2 });
  expect(manifest.tables.puntos_renta).toMatchObject({ status: 'loaded', inserted: 2 });
  const clientes = manifest.tables.clientes;
  expect(clientes).toMatchObject({ status: 'rejected', rowsRead: 0, inserted: 0, rejected: 0 });
  expect(clientes.error).toMatch(/^clientes\.csv\b[^\n]*\.$/);
  return clientes.error!;
}

describe('hostile and broken input files', () => {
  // Under INPUT_ENCODING=auto a file with no multi-byte UTF-8 loads as Windows-1252 (see
  // branch-files.test.ts); random bytes still never load: they hold multi-byte UTF-8 sequences
  // by chance and other bytes, and a NUL or a byte Windows-1252 leaves undefined rejects a file.
  it('refuses random bytes', async () => {
    const bytes = Buffer.alloc(1 << 16);
    for (let i = 0, x = 7; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) % 2147483648) >> 16;
    expect(await refuse(bytes)).toMatch(/line \d+: expected (one encoding|text|Windows-1252 text|RFC 4180|every quoted)/);
  });

  it('refuses a file mixing UTF-8 with Latin-1 bytes, naming the line of the first one', async () => {
    const mixed = Buffer.concat([Buffer.from(`${HEADERS.clientes}\n1,José Pérez,jose@x.mx,,\n`), Buffer.from('2,Ana Mu\xf1oz,ana@x.mx,,\n', 'latin1')]);
    expect(await refuse(mixed)).toContain('clientes.csv line 3: expected one encoding for the whole file');
  });

  it('refuses a UTF-16 export and a byte Windows-1252 leaves undefined, even among Latin-1 text', async () => {
    expect(await refuse(Buffer.from(`\uFEFF${HEADERS.clientes}\n`, 'utf16le'))).toMatch(/line 1: expected text, found a NUL byte/);
    expect(await refuse(Buffer.from(`${HEADERS.clientes}\n1,Jos\xe9,j@x.mx,,\n2,Ana\x8d,a@x.mx,,\n`, 'latin1'))).toContain(
      'clientes.csv line 3: expected Windows-1252 text, found a byte that Windows-1252 does not define',
    );
  });

  it('refuses a 50 MB single line without holding it', async () => {
    const line = Buffer.alloc(50 << 20, 'x');
    const before = process.memoryUsage().rss;
    expect(await refuse(Buffer.concat([Buffer.from(`${HEADERS.clientes}\n1,`), line]))).toContain('line 2: expected records shorter than');
    // The test holds the 50 MB buffer itself; the load must not add copies of it.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 << 20);
  });

  it('refuses a 10 MB quoted field', async () => {
    const field = 'y'.repeat(10 << 20);
    expect(await refuse(`${HEADERS.clientes}\n1,"${field}",a@b.mx,,\n`)).toContain('line 2: expected records shorter than');
  });

  it('refuses a file of 100 000 columns', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    expect(await refuse(`${header}\n`)).toContain('line 1: expected at most 1000 columns');
  });

  it('refuses an empty file and a quote that never closes', async () => {
    expect(await refuse('')).toBe('clientes.csv is empty: expected a header row.');
    expect(await refuse(`${HEADERS.clientes}\n1,"Ana,a@b.mx,,\n2,Luis,l@b.mx,,\n`)).toContain('line 2: expected every quoted field to be closed');
  });
});
