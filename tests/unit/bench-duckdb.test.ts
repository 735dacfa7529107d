import { describe, expect, it } from 'vitest';
import { duckdbDdl } from '../../scripts/bench/duckdb-route.js';

describe('the DuckDB route of the bench', () => {
  it('declares the warehouse tables with primary keys, foreign keys and 64-bit ids, as the shell baseline does', () => {
    const tables = duckdbDdl('/data').tables;

    expect(tables).toContain('CREATE TABLE puntos_renta (id_punto BIGINT PRIMARY KEY, nombre VARCHAR NOT NULL,');
    expect(tables).toContain('id_vehiculo BIGINT NOT NULL REFERENCES vehiculos(id_vehiculo)');
    expect(tables).toContain('kilometraje DOUBLE NOT NULL');
  });

  it('copies each declared column from read_csv, cast and trimmed as the shell copies it from staging', () => {
    const copies = duckdbDdl('/data').copies.replace(/\s+/g, ' ');

    expect(copies).toContain(
      "INSERT INTO clientes SELECT CAST(id_cliente AS BIGINT), trim(nombre), lower(trim(correo_electronico)), trim(telefono), trim(direccion) FROM read_csv('/data/clientes.csv', header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = true);",
    );
    expect(copies).toContain('CAST(round(CAST(costo_total AS DOUBLE) * 100) AS BIGINT)');
    expect(copies).toContain('(epoch(CAST(fecha_fin AS TIMESTAMP)) - epoch(CAST(fecha_inicio AS TIMESTAMP))) / 86400.0');
  });

  it('loads dimensions before the rentals that point at them', () => {
    const copies = duckdbDdl('/data').copies;

    expect(copies.indexOf('INSERT INTO vehiculos')).toBeLessThan(copies.indexOf('INSERT INTO rentas'));
    expect(copies.indexOf('INSERT INTO clientes')).toBeLessThan(copies.indexOf('INSERT INTO rentas'));
  });
});
