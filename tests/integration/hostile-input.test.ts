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
  it('refuses random bytes', async () => {
    const bytes = Buffer.alloc(1 << 16);
    for (let i = 0, x = 7; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) % 2147483648) >> 16;
    expect(await refuse(bytes)).toMatch(/not UTF-8|expected/);
  });

  it('refuses a Latin-1 file, naming the encoding it expects', async () => {
    const latin1 = Buffer.from(`${HEADERS.clientes}\n1,José Pérez,jose@x.mx,,\n`, 'latin1');
    expect(await refuse(latin1)).toContain('expected UTF-8 text');
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
