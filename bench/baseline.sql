-- The baseline of `npm run bench`: the same job done by hand with the sqlite3 shell, the way
-- a data engineer would write it. Load the four CSVs into staging tables, copy them into the
-- warehouse schema with foreign keys enforced, compute duracion_renta with julianday(), then
-- build the aggregate table and the ranking view with the same SQL as the ETL
-- (batch-job/src/core/warehouse.ts and aggregate.ts).
--
-- Default pragmas on purpose (no cache, journal or sync tuning): the figure to beat is the
-- plain hand-written script. The bench replaces {{DATA_DIR}} with the data folder (a path
-- holding a quote is refused there) and the placeholder lines below with the tables' DDL and
-- copies, then runs this file with `sqlite3 -bail -batch -init /dev/null <db> ".read <file>"`.
-- The staging columns follow the generator's column order; the bench checks the CSV headers
-- before running this.
.bail on
.mode csv
PRAGMA foreign_keys = ON;

-- Staging: TEMP tables, all TEXT, so the warehouse file holds only the real schema. The bench
-- writes them from the table declarations (common/tables), one column per input column.
{{STAGING_TABLES}}

.import --csv --skip 1 '{{DATA_DIR}}/vehiculos.csv' stg_vehiculos
.import --csv --skip 1 '{{DATA_DIR}}/puntos_renta.csv' stg_puntos_renta
.import --csv --skip 1 '{{DATA_DIR}}/clientes.csv' stg_clientes
.import --csv --skip 1 '{{DATA_DIR}}/rentas.csv' stg_rentas

-- The warehouse schema, as the ETL creates it: the bench writes the four tables' DDL from the
-- table declarations, with the ETL's own column SQL.
{{TABLES}}
CREATE TABLE vehiculos_mas_reservados (
  id_vehiculo INTEGER NOT NULL,
  id_punto_salida INTEGER NOT NULL,
  id_punto_retorno INTEGER NOT NULL,
  mes TEXT NOT NULL,
  marca TEXT NOT NULL,
  modelo TEXT NOT NULL,
  anio INTEGER NOT NULL,
  tipo TEXT NOT NULL,
  capacidad INTEGER NOT NULL,
  color TEXT NOT NULL,
  punto_salida TEXT NOT NULL,
  punto_retorno TEXT NOT NULL,
  total_rentas INTEGER NOT NULL,
  dias_totales REAL NOT NULL,
  duracion_promedio_dias REAL NOT NULL,
  ingresos REAL NOT NULL,
  PRIMARY KEY (id_vehiculo, id_punto_salida, id_punto_retorno, mes)
) WITHOUT ROWID;
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
    GROUP BY id_vehiculo
  )
  ORDER BY posicion;

BEGIN;
-- The copies into the warehouse tables, written by the bench from the declarations: each
-- input column cast by its type (text trimmed), e-mail lower-cased, duracion_renta with julianday().
{{COPIES}}

-- Same grain, joins and order as batch-job/src/core/aggregate.ts.
INSERT INTO vehiculos_mas_reservados (id_vehiculo, id_punto_salida, id_punto_retorno, mes, marca, modelo, anio,
                                      tipo, capacidad, color, punto_salida, punto_retorno, total_rentas,
                                      dias_totales, duracion_promedio_dias, ingresos)
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

-- Figures the bench checks against the ETL's manifest (one `key=value` line each).
.mode list
SELECT 'rentas_rows=' || COUNT(*) FROM rentas;
SELECT 'aggregate_rows=' || COUNT(*) FROM vehiculos_mas_reservados;
SELECT 'top=' || group_concat(id_vehiculo) FROM (SELECT id_vehiculo FROM top_vehiculos ORDER BY posicion LIMIT 10);
