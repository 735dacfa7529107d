import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, tempDir, writeBatch } from '../helpers/etl.js';

describe('npm run etl (the command line)', () => {
  it('exits 0 and prints per-table counts and the top vehicles', () => {
    const out = tempDir();
    const { status, stdout } = runNode('cli', ['--input', writeBatch(BASE_BATCH), '--out', out]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/rentas\s+rentas\.csv\s+loaded\s+3\s+3\s+0\s+0\s+0/);
    expect(stdout).toContain('Top 2 vehicles');
    expect(stdout).toMatch(/1\s+1\s+Nissan\s+Versa\s+2020\s+2/);
  });

  it('prints the manifest with --json, parsing in a worker thread', () => {
    const { status, stdout } = runNode('cli', ['--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--json']);
    expect(status).toBe(0);
    const manifest = JSON.parse(stdout);
    expect(manifest.tables.rentas.inserted).toBe(3);
    expect(manifest.top).toHaveLength(2);
  });

  it('gives the same manifest counts with and without the worker thread', () => {
    const input = writeBatch({ ...BASE_BATCH, 'clientes.csv': `${BASE_BATCH['clientes.csv']}9,,bad,,\n` });
    const a = JSON.parse(runNode('cli', ['--input', input, '--out', tempDir(), '--json']).stdout);
    const b = JSON.parse(runNode('cli', ['--input', input, '--out', tempDir(), '--json', '--no-worker']).stdout);
    expect(a.tables).toEqual(b.tables);
  });

  it('exits 1 with one sentence naming file, line and column when a file is rejected whole', () => {
    const input = writeBatch({ ...BASE_BATCH, 'rentas.csv': BASE_BATCH['rentas.csv'].replace('costo_total', 'costo') });
    const { status, stderr } = runNode('cli', ['--input', input, '--out', tempDir()]);
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(/^etl: rentas\.csv line 1: missing required column costo_total; expected .+\.$/);
  });

  it('exits 2 on a usage error', () => {
    const { status, stderr } = runNode('cli', ['--input', 'x']);
    expect(status).toBe(2);
    expect(stderr).toContain('etl: --input and --out are required; usage: npm run etl');
    expect(runNode('cli', ['--bogus']).stderr).toMatch(/etl: Unknown option '--bogus'/);
  });

  it('exits 2 when the input folder does not exist', () => {
    const { status, stderr } = runNode('cli', ['--input', '/nonexistent/batch', '--out', tempDir()]);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe("etl: --input /nonexistent/batch: expected a folder holding the batch's CSV files, but it cannot be read.");
  });

  it('refuses an unsafe table name at start and touches nothing', () => {
    const out = join(tempDir(), 'never');
    const { status, stderr } = runNode('cli', ['--input', writeBatch(BASE_BATCH), '--out', out], { RENTAS_TABLE: 'rentas; DROP TABLE x' });
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('etl: RENTAS_TABLE must be a plain SQL identifier (letters, digits and _, not starting with a digit, at most 63 characters), got "rentas; DROP TABLE x".');
    expect(existsSync(out)).toBe(false);
  });
});
