import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { EtlConfig } from './config.js';
import { csvLine } from './csv-write.js';
import type { Db } from './warehouse.js';

export interface WrittenFile {
  readonly kind: 'aggregate' | 'top';
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Streams a query's rows into a CSV file with a header row, hashing what it writes, so the
 * manifest's checksum costs no second read of the file.
 */
export function writeQueryCsv(db: Db, sql: string, path: string): { bytes: number; sha256: string } {
  const stmt = db.prepare(sql).raw(true);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  let bytes = 0;
  const flush = (text: string) => {
    const buffer = Buffer.from(text, 'utf8');
    hash.update(buffer);
    writeSync(fd, buffer);
    bytes += buffer.length;
  };
  try {
    let text = csvLine(stmt.columns().map((c) => c.name));
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      text += csvLine(row);
      if (text.length > 1 << 16) {
        flush(text);
        text = '';
      }
    }
    flush(text);
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The CSV exports of a run: the aggregate table in key order, and the whole ranking. */
export function exportQueries(config: EtlConfig, outDir: string): { kind: WrittenFile['kind']; path: string; sql: string }[] {
  return [
    {
      kind: 'aggregate',
      path: join(outDir, `${config.aggregateTable}.csv`),
      sql: `SELECT * FROM ${config.aggregateTable} ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`,
    },
    { kind: 'top', path: join(outDir, `${config.topView}.csv`), sql: `SELECT * FROM ${config.topView}` },
  ];
}

/** Writes the exports with a connection of its own (used in this thread or a worker). */
export function writeExportsFrom(dbPath: string, config: EtlConfig, outDir: string): WrittenFile[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return exportQueries(config, outDir).map(({ kind, path, sql }) => ({ kind, path, ...writeQueryCsv(db, sql, path) }));
  } finally {
    db.close();
  }
}

// Bundled builds ship export-worker.js beside this module; from sources the exports run here.
const WORKER_FILE = new URL('./export-worker.js', import.meta.url);

/**
 * Starts writing the CSV exports of a finished build. With `worker` (and the bundled worker
 * present) they are written on the second core while the caller renders the report; the
 * build must be committed first, since the exports read it through their own connection.
 */
export function startExports(dbPath: string, config: EtlConfig, outDir: string, worker: boolean): Promise<WrittenFile[]> {
  if (!worker || WORKER_FILE.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_FILE))) {
    return Promise.resolve().then(() => writeExportsFrom(dbPath, config, outDir));
  }
  return new Promise((resolve, reject) => {
    // Rows become text and are written at once: a small young generation keeps that flat.
    const thread = new Worker(WORKER_FILE, {
      workerData: { dbPath, config, outDir },
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 },
    });
    thread.once('message', (m: { files?: WrittenFile[]; error?: string }) => (m.files ? resolve(m.files) : reject(new Error(m.error))));
    thread.once('error', reject);
    thread.once('exit', (code) => code !== 0 && reject(new Error(`the export thread exited with code ${code}`)));
  });
}

/** Size and sha256 of a file, read as a stream. */
export async function describeFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { bytes: statSync(path).size, sha256: hash.digest('hex') };
}
