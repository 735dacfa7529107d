import { describe, expect, it } from 'vitest';
import { SETTINGS, loadConfig } from '../../../batch-job/src/core/config.js';
import { SAMPLE_COLUMNS, sampleLayout } from '../../../batch-job/src/sample-data/columns.js';
import { VEHICLE_FIELDS } from '../../../batch-job/src/sample-data/dimensions.js';
import { columnSql, upsertSql } from '../../../batch-job/src/core/warehouse.js';
import { column, computed, defineTable, tableContract } from '../../../common/tables/define.js';
import { TABLE_KEYS, TABLES, contractFor, tableContracts } from '../../../common/tables/index.js';
import { cleanText, positiveId, requiredText } from '../../../common/tables/rules.js';
import { vehiculos } from '../../../common/tables/vehiculos.js';
import { checkFields, expectRowReject } from '../../helpers/etl.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const names = loadConfig({});

/** vehiculos as it would read with one more column, `placa`, declared after `estado`. */
const withPlaca = defineTable({ ...vehiculos, columns: [...vehiculos.columns, column('placa', 'TEXT', requiredText)] });

describe('a table declaration', () => {
  it('is the only list a new vehiculos column needs: header, schema and insert follow it', () => {
    const contract = tableContract(withPlaca, NOW);

    expect(contract.columns).toEqual([...contractFor('vehiculos').columns, 'placa']);
    expect(columnSql(contract, names)).toBe(`${columnSql(contractFor('vehiculos'), names)}, placa TEXT NOT NULL`);
    expect(upsertSql('vehiculos', contract, 1, 'empty')).toBe(
      'INSERT INTO vehiculos (id_vehiculo,marca,modelo,anio,tipo,capacidad,color,kilometraje,estado,placa) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    expect(upsertSql('vehiculos', contract, 1)).toContain('placa = excluded.placa');
    expect(upsertSql('vehiculos', contract, 1)).toContain('placa IS NOT excluded.placa');

    const fields = {
      id_vehiculo: '7', marca: 'BMW', modelo: 'X1', anio: '2020', tipo: 'SUV',
      capacidad: '5', color: 'Gris', kilometraje: '10', estado: 'Disponible', placa: ' ABC-123 ',
    };
    expect(checkFields(contract, fields)).toEqual({ ok: true, values: [7, 'BMW', 'X1', 2020, 'SUV', 5, 'Gris', 10, 'Disponible', 'ABC-123'] });
    expectRowReject(checkFields(contract, { ...fields, placa: ' ' }), 'placa', 'expected a non-empty text');
  });

  it('reaches the sample generator: a column its writer does not know gets a placeholder the rule accepts', () => {
    const layout = sampleLayout(withPlaca, VEHICLE_FIELDS);
    expect(layout).toEqual({ header: [...VEHICLE_FIELDS, 'placa'], trailer: ',muestra' });

    const line = `7,BMW,X1,2020,SUV,5,Gris,10,Disponible${layout.trailer}`.split(',');
    const contract = tableContract(withPlaca, NOW);
    const check = contract.rowCheck(contract.columns.map((c) => layout.header.indexOf(c)));
    expect(check(line)).toMatchObject({ ok: true, values: [7, 'BMW', 'X1', 2020, 'SUV', 5, 'Gris', 10, 'Disponible', 'muestra'] });
  });

  it('stores an input column under its declared stored name', () => {
    const contract = tableContract(
      defineTable({
        ...vehiculos,
        columns: [column('id_vehiculo', 'INTEGER', positiveId), column('color', 'TEXT', cleanText, 'color_exterior')],
      }),
      NOW,
    );
    expect(contract.columns).toEqual(['id_vehiculo', 'color']);
    expect(columnSql(contract, names)).toBe('id_vehiculo INTEGER PRIMARY KEY, color_exterior TEXT NOT NULL');
  });

  it('refuses an id or a foreign key that names no declared column', () => {
    expect(() => defineTable({ ...vehiculos, id: 'id_auto' })).toThrow('table vehiculos: id id_auto is not a declared column');
    expect(() => defineTable({ ...vehiculos, foreignKeys: [{ column: 'id_dueno', references: vehiculos }] })).toThrow(
      'foreign key id_dueno is not a declared column',
    );
  });

  it('refuses a computed column that reads a column declared after it', () => {
    const backwards = defineTable({
      ...vehiculos,
      columns: [computed('eco', 'TEXT', (c) => {
        const marca = c.earlier('marca');
        return (_raw, row) => row[marca];
      }), ...vehiculos.columns],
    });
    expect(() => tableContract(backwards, NOW)).toThrow('column eco reads marca, which is not declared before it');
  });
});

describe('what derives from the declarations', () => {
  it('loads dimensions before facts, in the manifest order', () => {
    expect(TABLE_KEYS).toEqual(['vehiculos', 'puntos_renta', 'clientes', 'rentas']);
    expect(TABLES.map((t) => t.role)).toEqual(['dimension', 'dimension', 'dimension', 'fact']);
  });

  it('names each table setting with its default, between the file and the aggregate settings', () => {
    expect(SETTINGS).toMatchObject({
      RENTAL_CAR_DB: 'rentas.db',
      VEHICULOS_TABLE: 'vehiculos',
      PUNTOS_RENTA_TABLE: 'puntos_renta',
      CLIENTES_TABLE: 'clientes',
      RENTAS_TABLE: 'rentas',
      AGGREGATE_TABLE: 'vehiculos_mas_reservados',
      MAX_COSTO_TOTAL: '10000000',
      MAX_RENTAL_DAYS: '366',
    });
    expect(Object.keys(SETTINGS).slice(0, 6)).toEqual(['RENTAL_CAR_DB', 'VEHICULOS_TABLE', 'PUNTOS_RENTA_TABLE', 'CLIENTES_TABLE', 'RENTAS_TABLE', 'AGGREGATE_TABLE']);
  });

  it('points foreign keys at the referenced table and its id column', () => {
    expect(contractFor('rentas').foreignKeys).toEqual([
      { column: 'id_vehiculo', references: 'vehiculos', referencedColumn: 'id_vehiculo' },
      { column: 'id_punto_salida', references: 'puntos_renta', referencedColumn: 'id_punto' },
      { column: 'id_punto_retorno', references: 'puntos_renta', referencedColumn: 'id_punto' },
      { column: 'id_cliente', references: 'clientes', referencedColumn: 'id_cliente' },
    ]);
  });

  it('gives the sample generator the required columns as its headers', () => {
    for (const contract of tableContracts()) expect(SAMPLE_COLUMNS[contract.key]).toEqual(contract.columns);
  });

  it('keeps the warehouse schema the ETL has always created', () => {
    expect(tableContracts().map((c) => `${c.key}: ${columnSql(c, names)}`)).toEqual([
      'vehiculos: id_vehiculo INTEGER PRIMARY KEY, marca TEXT NOT NULL, modelo TEXT NOT NULL, anio INTEGER NOT NULL, tipo TEXT NOT NULL, capacidad INTEGER NOT NULL, color TEXT NOT NULL, kilometraje REAL NOT NULL, estado TEXT NOT NULL',
      'puntos_renta: id_punto INTEGER PRIMARY KEY, nombre TEXT NOT NULL, direccion TEXT NOT NULL, telefono TEXT NOT NULL, horario_atencion TEXT NOT NULL',
      'clientes: id_cliente INTEGER PRIMARY KEY, nombre TEXT NOT NULL, correo_electronico TEXT NOT NULL, telefono TEXT NOT NULL, direccion TEXT NOT NULL',
      'rentas: id_renta INTEGER PRIMARY KEY, id_vehiculo INTEGER NOT NULL REFERENCES vehiculos(id_vehiculo), id_punto_salida INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_punto_retorno INTEGER NOT NULL REFERENCES puntos_renta(id_punto), id_cliente INTEGER NOT NULL REFERENCES clientes(id_cliente), fecha_inicio TEXT NOT NULL, fecha_fin TEXT NOT NULL, costo_total REAL NOT NULL, duracion_renta REAL NOT NULL, costo_centavos INTEGER NOT NULL, duracion_segundos INTEGER NOT NULL',
    ]);
  });
});
