import { describe, expect, it } from 'vitest';
import { baselineDdl } from '../../scripts/bench/baseline-route.js';

describe('the sqlite3 shell baseline of the bench', () => {
  it('copies each declared column from staging, cast by its type, as a hand-written script would', () => {
    const copies = baselineDdl().copies.replace(/\s+/g, ' ');

    expect(copies).toContain(
      'INSERT INTO vehiculos SELECT CAST(id_vehiculo AS INTEGER), trim(marca), trim(modelo), CAST(anio AS INTEGER), trim(tipo), CAST(capacidad AS INTEGER), trim(color), CAST(kilometraje AS REAL), trim(estado) FROM stg_vehiculos;',
    );
    expect(copies).toContain('INSERT INTO clientes SELECT CAST(id_cliente AS INTEGER), trim(nombre), lower(trim(correo_electronico)), trim(telefono), trim(direccion) FROM stg_clientes;');
    expect(copies).toContain(
      "INSERT INTO rentas SELECT CAST(id_renta AS INTEGER), CAST(id_vehiculo AS INTEGER), CAST(id_punto_salida AS INTEGER), CAST(id_punto_retorno AS INTEGER), CAST(id_cliente AS INTEGER), trim(fecha_inicio), trim(fecha_fin), CAST(costo_total AS REAL), julianday(fecha_fin) - julianday(fecha_inicio), CAST(round(CAST(costo_total AS REAL) * 100) AS INTEGER), CAST(strftime('%s', fecha_fin) AS INTEGER) - CAST(strftime('%s', fecha_inicio) AS INTEGER) FROM stg_rentas;",
    );
  });

  it('stages the columns of the sample files, all as text', () => {
    expect(baselineDdl().staging).toContain('CREATE TEMP TABLE stg_puntos_renta (id_punto TEXT, nombre TEXT, direccion TEXT, telefono TEXT, horario_atencion TEXT);');
  });
});
