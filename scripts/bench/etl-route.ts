import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Manifest, TableKey } from '../../common/manifest.js';
import { type Measurement, measure } from './measure.js';
import { BenchError } from './options.js';

export interface EtlRun {
  readonly measurement: Measurement;
  readonly manifest: Manifest;
  /** Lines the ETL wrote to stderr starting with `profile:` (RENTAS_PROFILE=1). */
  readonly profile: string[];
}

export interface EtlInvocation {
  readonly cli: string;
  readonly input: string;
  readonly out: string;
  /** Load into this warehouse instead of a new `<out>/rentas.db`. */
  readonly db?: string;
}

/**
 * Runs `node dist/cli.js` as its own process, as an operator would, with stage timings
 * asked for through RENTAS_PROFILE=1. A non-zero exit is a failed benchmark, never a figure.
 */
export async function runEtl(call: EtlInvocation): Promise<EtlRun> {
  const args = [call.cli, '--input', call.input, '--out', call.out, '--json'];
  if (call.db) args.push('--db', call.db);
  const measurement = await measure(process.execPath, args, { ...process.env, RENTAS_PROFILE: '1' });
  if (measurement.exitCode !== 0) {
    throw new BenchError(
      `the ETL exited with status ${measurement.exitCode} on ${call.input}: ${lastLines(measurement.stderr) || 'no message'}`,
    );
  }
  const manifest = await readManifest(measurement.stdout, call.out);
  const profile = measurement.stderr.split('\n').filter((l) => l.startsWith('profile:'));
  return { measurement, manifest, profile };
}

/** The manifest printed by `--json`, or the one written into the output folder. */
async function readManifest(stdout: string, out: string): Promise<Manifest> {
  try {
    return JSON.parse(stdout) as Manifest;
  } catch {
    return JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  }
}

/**
 * Fails loudly unless the batch loaded completely: every file present loaded, no row
 * rejected, and exactly `rentals` rentals inserted (a full load, or a batch of new ids).
 */
export function checkLoaded(manifest: Manifest, rentals: number, required: readonly TableKey[]): void {
  const problems: string[] = [];
  if (manifest.status !== 'succeeded') problems.push(`status is "${manifest.status}"`);
  for (const [key, t] of Object.entries(manifest.tables)) {
    if (t.status === 'rejected') problems.push(`${key} was rejected whole (${t.error ?? 'no reason'})`);
    if (t.status === 'missing' && required.includes(key as TableKey)) problems.push(`${key} is missing`);
    if (t.rejected > 0) problems.push(`${t.rejected} ${key} rows were rejected`);
  }
  const r = manifest.tables.rentas;
  if (r.inserted !== rentals) problems.push(`rentas inserted ${r.inserted}, expected ${rentals} (updated ${r.updated}, unchanged ${r.unchanged})`);
  if (problems.length > 0) throw new BenchError(`the ETL's manifest does not show a complete load: ${problems.join('; ')}`);
}

/** The warehouse file the ETL wrote: its `database` output in --out, else the `--db` file its `warehouse` block names. */
export function databasePath(manifest: Manifest, out: string): string {
  const path = manifest.outputs.find((o) => o.kind === 'database')?.path ?? manifest.warehouse?.key;
  if (path === undefined) throw new BenchError('the ETL manifest names no warehouse file');
  return resolve(out, path);
}

export function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
