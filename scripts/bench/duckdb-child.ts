// The DuckDB route's own process (dist/bench-duckdb.js), so the bench measures it as it
// measures the ETL and the sqlite3 shell: `node dist/bench-duckdb.js <script.sql> <db file>`
// runs each statement of the script in order in a new database file and prints the rows of
// those that return any, one line per row. A failed statement ends it with status 1.
import { readFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';

async function main([script, dbPath]: string[]): Promise<number> {
  if (!script || !dbPath) {
    process.stderr.write('usage: node dist/bench-duckdb.js <script.sql> <database file>\n');
    return 2;
  }
  const sql = await readFile(script, 'utf8');
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  try {
    const statements = await connection.extractStatements(sql);
    for (let i = 0; i < statements.count; i++) {
      const reader = await (await statements.prepare(i)).runAndReadAll();
      for (const row of reader.getRowsJS()) process.stdout.write(`${row.map(String).join('|')}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`duckdb: ${(e as Error).message}\n`);
    return 1;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

process.exitCode = await main(process.argv.slice(2));
