import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_SETTINGS } from '../../batch-job/src/cli-config.js';
import { SETTINGS, loadConfig } from '../../batch-job/src/core/config.js';
import { SQLITE_KEYWORDS } from '../../batch-job/src/core/sqlite-keywords.js';
import { ConfigError } from '../../common/errors.js';

describe('loadConfig', () => {
  it('reads the table names from the environment', () => {
    const config = loadConfig({ RENTAS_TABLE: 'contratos', AGGREGATE_TABLE: 'resumen' });
    expect(config.tables.rentas).toBe('contratos');
    expect(config.aggregateTable).toBe('resumen');
  });

  it('refuses two settings that name the same table, whatever the case', () => {
    expect(() => loadConfig({ RENTAS_TABLE: 'datos', CLIENTES_TABLE: 'DATOS' })).toThrow(
      new ConfigError('Table names must be distinct, but "datos" is used twice.'),
    );
  });

  it.each(['top_vehiculos', 'etl_lotes_aplicados', 'etl_resumen_vehiculos', 'etl_resumen_rutas', 'etl_resumen_meses'])(
    'refuses a table named like the fixed table or view %s',
    (name) => {
      expect(() => loadConfig({ AGGREGATE_TABLE: name.toUpperCase() })).toThrow(
        new ConfigError(`AGGREGATE_TABLE cannot be "${name.toUpperCase()}": the warehouse keeps a table or view of its own under that name.`),
      );
    },
  );

  it.each([
    ['RENTAS_TABLE', 'group'],
    ['RENTAS_TABLE', 'order'],
    ['VEHICULOS_TABLE', 'Select'],
    ['AGGREGATE_TABLE', 'WINDOW'],
    ['CLIENTES_TABLE', 'key'],
  ])('refuses %s=%s: an SQLite keyword, whatever the case', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      new ConfigError(`${name} cannot be "${value}": it is an SQL keyword of SQLite; choose another table name.`),
    );
  });

  it.each(['sqlite_master', 'SQLITE_SEQUENCE', 'sqlite_stat1', 'Sqlite_mio'])('refuses RENTAS_TABLE=%s: sqlite_ names belong to SQLite', (value) => {
    expect(() => loadConfig({ RENTAS_TABLE: value })).toThrow(
      new ConfigError(`RENTAS_TABLE cannot be "${value}": names starting with sqlite_ belong to SQLite itself.`),
    );
  });

  it('accepts names that only contain a keyword or sqlite', () => {
    const config = loadConfig({ RENTAS_TABLE: 'group_rentas', CLIENTES_TABLE: 'mysqlite_clientes', VEHICULOS_TABLE: 'orders' });
    expect(config.tables).toMatchObject({ rentas: 'group_rentas', clientes: 'mysqlite_clientes', vehiculos: 'orders' });
  });

  it('knows every keyword of the SQLite that better-sqlite3 builds, and no other word', () => {
    // The amalgamation's keyword hash is followed by a comment listing each keyword once.
    const source = readFileSync('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', 'utf8');
    const start = source.indexOf('/* Hash table decoded:');
    const block = source.slice(start, source.indexOf('*/', start));
    const words = block
      .split('\n')
      .slice(1)
      .flatMap((line) => line.replace(/^\*\*\s+\d+:/, '').trim().split(/\s+/))
      .filter((w) => w !== '');
    expect(start).toBeGreaterThan(0);
    expect([...SQLITE_KEYWORDS].sort()).toEqual([...new Set(words)].sort());
  });

  it('has every setting in .env.example, with its default', () => {
    expect(parseEnv(readFileSync('.env.example', 'utf8'))).toEqual({ ...SETTINGS, ...CLI_SETTINGS });
  });
});
