import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/etl.js';

describe('generate command line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['dist/generate.js', ...args], { encoding: 'utf8' });

  it('prints one line per file with rows and bytes, then the elapsed time', () => {
    const result = run('--out', join(tempDir(), 'cli'), '--rentals', '500', '--seed', '3');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^rentas\.csv\s+500 rows\s+\d{1,3}(,\d{3})* bytes$/);
    expect(lines[4]).toMatch(/^generated in \d+\.\d\d s/);
  });

  it('exits 2 with one sentence on an unknown flag', () => {
    const result = run('--out', join(tempDir(), 'cli'), '--rentas', '5');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--rentas/);
  });

  it('exits 2 when --rentals is not a number, saying what a valid value is', () => {
    const result = run('--out', join(tempDir(), 'cli'), '--rentals', 'mil');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'generate: --rentals expects a whole number of 0 or more, got "mil" (without other options the sample has at least 20 vehicles, 8 points and 50 clients) ' +
        '(usage: generate --out DIR [--rentals N] [--seed S] [--gzip] [--vehicles N] [--clients N] [--points N] [--id-layout dense|sparse|high]).',
    );
  });

  it('exits 2 when --out is missing', () => {
    expect(run('--rentals', '5').status).toBe(2);
  });
});
