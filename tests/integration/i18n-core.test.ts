import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../batch-job/src/core/migrations.js';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, runBatch, tempDir, writeBatch } from '../helpers/etl.js';

/** The CLI with its sentences in Spanish, as on a branch PC whose RENTAS_LANG is es. */
const etlInSpanish = (args: string[], env: Record<string, string> = {}) => runNode('cli', args, { ...env, RENTAS_LANG: 'es' });

/** A warehouse made by the ETL from BASE_BATCH, in a new folder. */
async function warehouse(): Promise<string> {
  const { dbPath } = await runBatch(BASE_BATCH);
  return dbPath;
}

describe('the CLI in Spanish (RENTAS_LANG=es): refusals of the warehouse and the settings', () => {
  it('refuses a warehouse of a newer schema version, exits 2 and leaves it as it was', async () => {
    const db = await warehouse();
    const handle = new Database(db);
    handle.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    handle.close();
    const before = readFileSync(db);
    const out = join(tempDir(), 'out');

    const run = etlInSpanish(['--input', writeBatch(BASE_BATCH), '--out', out, '--db', db]);

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `etl: El almacén tiene la versión de esquema ${SCHEMA_VERSION + 1}, más nueva que la versión ${SCHEMA_VERSION} que conoce esta versión del ETL: cárguelo con una versión del ETL que conozca la versión ${SCHEMA_VERSION + 1}.\n`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });

  it('refuses a warehouse locked by another run after LOCK_WAIT_SECONDS, naming the holder, and leaves it as it was', async () => {
    const db = await warehouse();
    const before = readFileSync(db);
    // This test's own process is alive on this host: the lock is a live run's.
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-12-01T10:00:00.000Z' }));

    const run = etlInSpanish(['--input', writeBatch(BASE_BATCH), '--out', tempDir(), '--db', db], { LOCK_WAIT_SECONDS: '0' });

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `etl: El almacén ${db} está bloqueado por otra ejecución (pid ${process.pid} en el equipo ${hostname()} desde 2026-12-01T10:00:00.000Z): se esperó 0 s (LOCK_WAIT_SECONDS); vuelva a ejecutar cuando esa termine, o borre ${db}.lock si ese proceso ya no existe.\n`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses a table-name setting that SQLite reserves before touching anything', () => {
    const out = join(tempDir(), 'never');

    const run = etlInSpanish(['--input', writeBatch(BASE_BATCH), '--out', out], { CLIENTES_TABLE: 'order' });

    expect(run.status).toBe(2);
    expect(run.stderr).toBe('etl: CLIENTES_TABLE no puede ser "order": es una palabra clave SQL de SQLite; elija otro nombre de tabla.\n');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --out that is the --input folder in Spanish, and in English when RENTAS_LANG is en', () => {
    const input = writeBatch(BASE_BATCH);

    const es = etlInSpanish(['--input', input, '--out', input]);
    const en = runNode('cli', ['--input', input, '--out', input], { RENTAS_LANG: 'en' });

    expect([es.status, en.status]).toEqual([2, 2]);
    expect(es.stderr).toBe(`etl: --out ${input} es la carpeta de --input: los resultados quedarían entre los archivos del lote; elija otra carpeta para --out.\n`);
    expect(en.stderr).toBe(`etl: --out ${input} is the --input folder: the outputs would be written among the batch's files; choose another --out.\n`);
    expect(existsSync(join(input, 'manifest.json'))).toBe(false);
  });
});
