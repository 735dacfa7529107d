import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, statSync, writeSync } from 'node:fs';
import type { EtlConfig } from './config.js';
import { csvLine } from './csv-write.js';
import type { Db } from './warehouse.js';

/** Streams a query's rows into a CSV file with a header row; returns the number of rows. */
export function writeQueryCsv(db: Db, sql: string, path: string): number {
  const stmt = db.prepare(sql).raw(true);
  const fd = openSync(path, 'w');
  let rows = 0;
  try {
    let buffer = csvLine(stmt.columns().map((c) => c.name));
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      buffer += csvLine(row);
      rows++;
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** The aggregate table, in its key order. */
export function aggregateExportSql(config: EtlConfig): string {
  return `SELECT * FROM ${config.aggregateTable} ORDER BY id_vehiculo, id_punto_salida, id_punto_retorno, mes`;
}

/** The whole ranking: every vehicle with at least one rental. */
export function topExportSql(config: EtlConfig): string {
  return `SELECT * FROM ${config.topView}`;
}

/** Size and sha256 of a file, read as a stream. */
export async function describeFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { bytes: statSync(path).size, sha256: hash.digest('hex') };
}
