import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_SETTINGS } from '../../batch-job/src/cli-config.js';
import { SETTINGS, loadConfig } from '../../batch-job/src/core/config.js';
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

  it('has every setting in .env.example, with its default', () => {
    expect(parseEnv(readFileSync('.env.example', 'utf8'))).toEqual({ ...SETTINGS, ...CLI_SETTINGS });
  });
});
