-- The DuckDB route of `npm run bench`: the same job as bench/baseline.sql, written the way a
-- user of DuckDB would write it. read_csv reads each file (every column as text, as the shell's
-- staging tables hold it), and the copies cast, trim and compute exactly what the shell's do,
-- in DuckDB's functions. The same rules hold: every id is a PRIMARY KEY (a repeated id ends
-- the run) and every foreign key is declared and checked on insert, dimensions first.
-- The bench writes the placeholder lines from the table declarations (common/tables) and the
-- data folder; scripts/bench/duckdb-child.ts runs each statement in order and prints the rows
-- of those that return any (the `key=value` figures at the end).

-- The warehouse tables, from the declarations (64-bit ids, as SQLite's INTEGER).
{{TABLES}}
CREATE TABLE vehiculos_mas_reservados (
  id_vehiculo BIGINT NOT NULL,
  id_punto_salida BIGINT NOT NULL,
  id_punto_retorno BIGINT NOT NULL,
  mes VARCHAR NOT NULL,
  marca VARCHAR NOT NULL,
  modelo VARCHAR NOT NULL,
  anio BIGINT NOT NULL,
  tipo VARCHAR NOT NULL,
  capacidad BIGINT NOT NULL,
  color VARCHAR NOT NULL,
  punto_salida VARCHAR NOT NULL,
  punto_retorno VARCHAR NOT NULL,
  total_rentas BIGINT NOT NULL,
  dias_totales DOUBLE NOT NULL,
  duracion_promedio_dias DOUBLE NOT NULL,
  ingresos DOUBLE NOT NULL,
  PRIMARY KEY (id_vehiculo, id_punto_salida, id_punto_retorno, mes)
);
CREATE VIEW top_vehiculos AS
  SELECT ROW_NUMBER() OVER (ORDER BY total_rentas DESC, duracion_promedio_dias DESC, id_vehiculo) AS posicion,
         id_vehiculo, marca, modelo, anio, tipo, capacidad, color,
         total_rentas, dias_totales, duracion_promedio_dias, ingresos
  FROM (
    SELECT id_vehiculo, marca, modelo, anio, tipo, capacidad, color,
           SUM(total_rentas) AS total_rentas,
           SUM(dias_totales) AS dias_totales,
           SUM(dias_totales) / SUM(total_rentas) AS duracion_promedio_dias,
           SUM(ingresos) AS ingresos
    FROM vehiculos_mas_reservados
    GROUP BY id_vehiculo, marca, modelo, anio, tipo, capacidad, color
  )
  ORDER BY posicion;

BEGIN TRANSACTION;
-- The copies from read_csv into the warehouse tables, written by the bench from the declarations.
{{COPIES}}

-- Same grain, joins and order as bench/baseline.sql.
INSERT INTO vehiculos_mas_reservados
  SELECT g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes,
         v.marca, v.modelo, v.anio, v.tipo, v.capacidad, v.color, ps.nombre, pr.nombre,
         g.total_rentas, g.dias_totales, g.dias_totales / g.total_rentas, g.ingresos
  FROM (
    SELECT id_vehiculo, id_punto_salida, id_punto_retorno, substr(fecha_inicio, 1, 7) AS mes,
           COUNT(*) AS total_rentas, SUM(duracion_renta) AS dias_totales, SUM(costo_total) AS ingresos
    FROM rentas
    GROUP BY id_vehiculo, id_punto_salida, id_punto_retorno, mes
  ) AS g
  JOIN vehiculos AS v ON v.id_vehiculo = g.id_vehiculo
  JOIN puntos_renta AS ps ON ps.id_punto = g.id_punto_salida
  JOIN puntos_renta AS pr ON pr.id_punto = g.id_punto_retorno
  ORDER BY g.id_vehiculo, g.id_punto_salida, g.id_punto_retorno, g.mes;
COMMIT;
CHECKPOINT;

-- Figures the bench checks against the ETL's manifest (one `key=value` row each).
SELECT 'rentas_rows=' || COUNT(*) FROM rentas;
SELECT 'aggregate_rows=' || COUNT(*) FROM vehiculos_mas_reservados;
SELECT 'top=' || string_agg(CAST(id_vehiculo AS VARCHAR), ',' ORDER BY posicion) FROM (SELECT id_vehiculo, posicion FROM top_vehiculos ORDER BY posicion LIMIT 10);
