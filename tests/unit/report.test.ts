import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lang, setLang, type Lang } from '../../common/i18n/index.js';
import { rebuildAggregate } from '../../batch-job/src/core/aggregate.js';
import { loadConfig, type EtlConfig } from '../../batch-job/src/core/config.js';
import { renderReport } from '../../batch-job/src/core/report/index.js';
import { escapeHtml } from '../../batch-job/src/core/report/html.js';
import type { Db } from '../../batch-job/src/core/warehouse.js';
import { fillSynthetic, newWarehouse, sampleManifest } from '../helpers/report-warehouse.js';


interface Rental {
  id: number;
  vehiculo: number;
  salida: number;
  retorno: number;
  inicio: string;
  dias: number;
  costo: number;
}

/** Inserts vehicles, points, one client and rentals by SQL, then rebuilds the aggregate. */
function load(
  db: Db,
  config: EtlConfig,
  data: {
    vehicles: [id: number, marca: string, modelo: string, anio: number, tipo: string][];
    points: [id: number, nombre: string][];
    rentals: Rental[];
  },
): void {
  const t = config.tables;
  const vehicle = db.prepare(
    `INSERT INTO ${t.vehiculos} (id_vehiculo, marca, modelo, anio, tipo, capacidad, color, kilometraje, estado)
     VALUES (?, ?, ?, ?, ?, 5, 'Blanco', 1000, 'disponible')`,
  );
  const point = db.prepare(
    `INSERT INTO ${t.puntos_renta} (id_punto, nombre, direccion, telefono, horario_atencion) VALUES (?, ?, 'Av. Juárez 1', '5555555555', '9-18')`,
  );
  const rental = db.prepare(
    `INSERT INTO ${t.rentas} (id_renta, id_vehiculo, id_punto_salida, id_punto_retorno, id_cliente, fecha_inicio, fecha_fin,
                              costo_total, duracion_renta, costo_centavos, duracion_segundos) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  db.transaction(() => {
    for (const v of data.vehicles) vehicle.run(...v);
    for (const p of data.points) point.run(...p);
    db.prepare(
      `INSERT INTO ${t.clientes} (id_cliente, nombre, correo_electronico, telefono, direccion) VALUES (1, 'Ana', 'ana@example.mx', '55', 'Calle 1')`,
    ).run();
    for (const r of data.rentals) {
      const start = Date.parse(`${r.inicio}Z`);
      const seconds = Math.round(r.dias * 86_400);
      rental.run(r.id, r.vehiculo, r.salida, r.retorno, wall(start), wall(start + seconds * 1000), r.costo, seconds / 86_400, Math.round(r.costo * 100), seconds);
    }
  })();
  rebuildAggregate(db, config);
}

let rentalId = 0;
const rent = (vehiculo: number, inicio: string, dias: number, over: Partial<Rental> = {}): Rental => ({
  id: ++rentalId,
  vehiculo,
  salida: 1,
  retorno: 1,
  inicio,
  dias,
  costo: 1000,
  ...over,
});

/** The markup of the element opened by `open` (e.g. `<svg ... data-chart="x"`) up to its closing tag. */
function fragment(htmlText: string, open: string, close: string): string {
  const start = htmlText.indexOf(open);
  expect(start, `${open} is in the report`).toBeGreaterThanOrEqual(0);
  return htmlText.slice(start, htmlText.indexOf(close, start) + close.length);
}

/** The table row whose first cell starts with `name`, as text without tags. */
function rowText(htmlText: string, table: string, name: string): string {
  const body = fragment(htmlText, `<table data-table="${table}"`, '</table>');
  const row = body.split('<tr>').find((r) => r.replace(/<[^>]+>/g, '').startsWith(name));
  expect(row, `row ${name} of ${table}`).toBeDefined();
  return row!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
}

describe('renderReport (RENTAS_LANG=es)', () => {
  const config = loadConfig({});
  let db: Db;
  let before: Lang;
  beforeAll(() => {
    before = lang();
    setLang('es');
  });
  afterAll(() => setLang(before));
  afterEach(() => db?.close());

  const smallWarehouse = () => {
    db = newWarehouse(config);
    load(db, config, {
      vehicles: [
        [1, '<script>alert(1)</script>', 'Versa', 2021, 'Sedán'],
        [2, 'Volkswagen', 'Jetta', 2020, 'Compacto'],
        [3, 'Kia', 'Rio', 2022, 'Compacto'],
        [4, 'BMW', 'Serie 3', 2023, 'Lujo'],
      ],
      points: [
        [1, '"quotes" & ampersand'],
        [2, 'Guadalajara Centro'],
        [3, "Monterrey O'Farrill"],
      ],
      rentals: [
        // Vehicle 1: one 1-day rental in January, three 5-day rentals in February. Weighted
        // average 16 / 4 = 4.0 days; the average of the monthly averages would be 3.0.
        rent(1, '2024-01-10T10:00:00', 1),
        rent(1, '2024-02-01T10:00:00', 5, { retorno: 2 }),
        rent(1, '2024-02-10T10:00:00', 5, { retorno: 2 }),
        rent(1, '2024-02-20T10:00:00', 5),
        rent(2, '2024-01-05T08:00:00', 1234.5, { salida: 2, retorno: 3, costo: 1234.5 }),
        rent(3, '2024-03-05T08:00:00', 2, { salida: 3 }),
      ],
    });
    return renderReport(db, sampleManifest(), config);
  };

  it('escapes every text from the data and contains no script tag at all', () => {
    db = newWarehouse(config);
    load(db, config, {
      vehicles: [[1, '<script>alert(1)</script>', 'Versa', 2021, '<b>SUV</b>']],
      points: [[1, '"quotes" & ampersand']],
      rentals: [rent(1, '2024-01-10T10:00:00', 2)],
    });
    const out = renderReport(
      db,
      sampleManifest({ batchId: '<script>x</script> lote "1" & \'2\'', error: '<img src=x onerror=alert(1)>' }, {
        rentas: {
          file: 'rentas<script>.csv',
          status: 'rejected',
          error: 'header <b>bad</b>',
          warnings: ['extra column "<script>"'],
          rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0,
          rejectReasons: [{ code: 'BAD_ID', column: '<script>', count: 1, firstLine: 2 }],
        },
      }),
      config,
    );

    expect(out).not.toMatch(/<script/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Versa 2021');
    expect(out).toContain('&quot;quotes&quot; &amp; ampersand');
    expect(out).toContain('Lote &lt;script&gt;x&lt;/script&gt; lote &quot;1&quot; &amp; &#39;2&#39;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&lt;b&gt;SUV&lt;/b&gt;');
    expect(out).not.toMatch(/<img|<b>bad|onerror=alert\(1\)>/);
  });

  it('loads nothing from anywhere: no URL, no external resource, and a policy that forbids them', () => {
    const out = smallWarehouse();

    expect(out).not.toMatch(/https?:\/\//i);
    expect(out).not.toMatch(/\bsrc=|<link|<iframe|<object|<embed|@import|url\(/i);
    expect(out).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('labels everything in Spanish', () => {
    const out = smallWarehouse();

    expect(out).toContain('<html lang="es-MX">');
    for (const label of [
      'Archivos del lote',
      'vehículos más rentados',
      'Por punto de salida',
      'Rutas más frecuentes',
      'Rentas y duración promedio por mes',
      'Por tipo de vehículo',
      'Por año de modelo',
      'Leídas',
      'Insertadas',
      'Actualizadas',
      'Sin cambios',
      'Rechazadas',
      'Correcto',
    ]) {
      expect(out, label).toContain(label);
    }
  });

  it('formats numbers as es-MX and money as MXN', () => {
    const out = smallWarehouse();

    expect(rowText(out, 'puntos', 'Guadalajara Centro')).toBe('|Guadalajara Centro|1|1,234.5|$1,235|');
    expect(out).toContain('2. Volkswagen Jetta 2020');
    expect(out).toContain('1,234.5 días');
    expect(out).toContain('$1,234.50');
  });

  it('shows weighted averages, not averages of averages', () => {
    const out = smallWarehouse();

    // Vehicle 1 is the only Sedán: 16 days over 4 rentals; its vehicle count stands beside the type.
    expect(rowText(out, 'tipos', 'Sedán')).toBe('|Sedán| |1 vehículo|4|4.0|$4,000|');
    expect(out).toContain('4.0 días · $4,000');
    // Months: January has 1 day + 1,234.5 days over 2 rentals, February 15 days over 3.
    expect(rowText(out, 'meses', 'ene 2024')).toBe('|ene 2024|2|617.8|$2,235|');
    expect(rowText(out, 'meses', 'feb 2024')).toBe('|feb 2024|3|5.0|$3,000|');
    // Point 1 ("quotes"): vehicle 1's four rentals only.
    expect(rowText(out, 'puntos', '&quot;quotes&quot;')).toBe('|&quot;quotes&quot; &amp; ampersand|4|4.0|$4,000|');
  });

  it('lists one-way routes only, most frequent first', () => {
    const out = smallWarehouse();
    const routes = fragment(out, '<table data-table="rutas"', '</table>');

    expect(rowText(out, 'rutas', '&quot;quotes&quot;')).toBe('|&quot;quotes&quot; &amp; ampersand → Guadalajara Centro|2|5.0|$2,000|');
    expect(routes).toContain('Guadalajara Centro → Monterrey O&#39;Farrill');
    expect(routes).not.toContain('Monterrey O&#39;Farrill → Monterrey');
  });

  it('draws one bar per vehicle with rentals, at most 20', () => {
    const bars = (out: string) => fragment(out, 'data-chart="top-vehiculos"', '</svg>').match(/<rect class="bar"/g)?.length ?? 0;

    expect(bars(smallWarehouse())).toBe(3);
    db.close();

    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 60, points: 5, clients: 5, rentals: 2000, months: 6 });
    const withRentals = db.prepare(`SELECT COUNT(*) FROM ${config.topView}`).pluck().get() as number;
    expect(withRentals).toBeGreaterThan(20);
    expect(bars(renderReport(db, sampleManifest(), config))).toBe(20);
  });

  it('bounds every list: 30 points, 20 routes', () => {
    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 50, points: 60, clients: 5, rentals: 5000, months: 3 });
    const out = renderReport(db, sampleManifest(), config);
    const rows = (table: string) => fragment(out, `<table data-table="${table}"`, '</table>').split('<tr>').length - 2;

    expect(rows('puntos')).toBe(30);
    expect(rows('rutas')).toBe(20);
    expect(rows('meses')).toBe(3);
    expect(out).toMatch(/Se muestran 30 de \d+ puntos/);
  });

  it('links the reject file of each table with rejected rows, and shows its reasons counted', () => {
    db = newWarehouse(config);
    const manifest = sampleManifest({ status: 'partial' }, {
      rentas: {
        file: 'rentas.csv', status: 'loaded', warnings: ['extra column "notas" is ignored'],
        rowsRead: 12, inserted: 7, updated: 0, unchanged: 0, rejected: 5, rejectsWritten: 5,
        rejectReasons: [
          { code: 'UNKNOWN_REFERENCE', column: 'id_vehiculo', count: 2, firstLine: 3 },
          { code: 'DATE_ORDER', column: 'fecha_fin', count: 3, firstLine: 2 },
        ],
      },
      clientes: { file: null, status: 'missing', warnings: [], rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0 },
    });

    const out = renderReport(db, manifest, config);

    expect(out).toContain('href="rejects/rentas.csv"');
    expect(out.match(/href="rejects\//g)).toHaveLength(1);
    const reasons = fragment(out, '<table class="reasons"', '</table>').replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
    expect(reasons).toContain(
      '|Rentas|fecha_fin: DATE_ORDER|fecha_fin no es posterior a fecha_inicio|3|2|Rentas|id_vehiculo: UNKNOWN_REFERENCE|referencia inexistente|2|3|',
    );
    expect(out).toContain('extra column &quot;notas&quot; is ignored');
    expect(out).toContain('Parcial');
    expect(out).toContain('no incluido');
  });

  it('shows a file-level error', () => {
    db = newWarehouse(config);
    const out = renderReport(db, sampleManifest({ status: 'partial' }, {
      vehiculos: {
        file: 'vehiculos.csv', status: 'rejected', error: 'vehiculos.csv line 1: missing required column anio.',
        warnings: [], rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0,
      },
    }), config);

    expect(out).toContain('<strong>Error:</strong> vehiculos.csv line 1: missing required column anio.');
    expect(out).toContain('rechazado');
    expect(out).not.toContain('href="rejects/');
  });

  it('renders an empty warehouse with one sentence instead of charts and empty tables', () => {
    db = newWarehouse(config);
    const headerOnly = { file: 'rentas.csv', status: 'loaded' as const, warnings: [], rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0 };
    const out = renderReport(db, sampleManifest({}, { rentas: headerOnly }), config);

    expect(out).toContain('<h2>Sin rentas en el almacén todavía</h2>');
    expect(out).toContain('No hay cifras que mostrar hasta que se carguen rentas. El archivo de rentas de este lote no tenía filas de datos.');
    expect(out).not.toContain('<svg');
    expect(out).not.toContain('<table data-table=');
    expect(out).not.toContain('vehículos más rentados');
  });

  it('reads the configured table names', () => {
    const custom = loadConfig({ VEHICULOS_TABLE: 'flota', PUNTOS_RENTA_TABLE: 'sucursales', RENTAS_TABLE: 'contratos', AGGREGATE_TABLE: 'resumen' });
    db = newWarehouse(custom);
    fillSynthetic(db, custom, { vehicles: 5, points: 3, clients: 2, rentals: 40, months: 2 });

    const out = renderReport(db, sampleManifest(), custom);

    expect(out).toContain('40</b><span>Rentas en el almacén');
    expect(out).toContain('tabla resumen');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
