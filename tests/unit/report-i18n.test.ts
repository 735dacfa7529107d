import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAggregate } from '../../batch-job/src/core/aggregate.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { formatElapsed, vehicleName } from '../../batch-job/src/core/report/format.js';
import { renderReport } from '../../batch-job/src/core/report/index.js';
import type { Db } from '../../batch-job/src/core/warehouse.js';
import { catalogue, lang, setLang, type Lang } from '../../common/i18n/index.js';
import type { TableReport } from '../../common/manifest.js';
import { fillSynthetic, newWarehouse, sampleManifest } from '../helpers/report-warehouse.js';

const config = loadConfig({});

const table = (over: Partial<TableReport>): TableReport => ({
  file: 'rentas.csv', status: 'loaded', warnings: [], rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectsWritten: 0, ...over,
});

/** Every rental of the file rejected: DD/MM/YYYY dates and a short row. */
const allRejected = table({
  rowsRead: 3, rejected: 3, rejectsWritten: 3,
  rejectReasons: [
    { code: 'BAD_DATE', column: 'fecha_inicio', count: 2, firstLine: 2 },
    { code: 'FIELD_COUNT', count: 1, firstLine: 4 },
  ],
});

/** The visible text of a page: no style sheet, no tags, entities as characters. */
function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The plain texts of the catalogue's report section (the strings, and the strings of its records). */
function reportTexts(of: Lang): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue(of))) {
    if (!key.startsWith('report') || key === 'reportLocale' || key === 'reportHtmlLang') continue;
    if (typeof value === 'string') texts.set(key, value);
    else if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') texts.set(`${key}.${k}`, v);
    }
  }
  return texts;
}

const asWord = (text: string) => new RegExp(`(^|[^\\p{L}])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u');

describe('the report in each language', () => {
  let db: Db;
  let before: Lang;
  beforeAll(() => {
    before = lang();
    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 30, points: 6, clients: 5, rentals: 600, months: 4 });
  });
  afterAll(() => {
    db.close();
    setLang(before);
  });

  /** A partial batch: one table with some rejects (one capped), so every part of the page shows. */
  const render = (language: Lang) => {
    setLang(language);
    return renderReport(db, sampleManifest({ status: 'partial' }, {
      clientes: table({ file: 'clientes.csv', rowsRead: 5, inserted: 4, rejected: 1, rejectsWritten: 1,
        rejectReasons: [{ code: 'BAD_EMAIL', column: 'correo_electronico', count: 1, firstLine: 3 }] }),
      rentas: table({ rowsRead: 700, inserted: 600, rejected: 100, rejectsWritten: 40,
        rejectReasons: [{ code: 'UNKNOWN_REFERENCE', column: 'id_cliente', count: 100, firstLine: 9 }] }),
      puntos_renta: table({ file: null, status: 'missing' }),
    }), config);
  };

  it('writes English under RENTAS_LANG=en, with <html lang="en">', () => {
    const out = render('en');

    expect(out).toContain('<html lang="en">');
    for (const label of ['Batch 2024-06-01_sucursales', 'Files of the batch', 'The 20 most rented vehicles', 'By vehicle type', 'By model year',
      'By pickup point', 'Most frequent routes', 'Rentals and average duration by month', 'Month in which the rental started.',
      'Rentals in the warehouse', 'Reasons for rejection', 'not a valid e-mail address', 'not in the batch', 'Partial']) {
      expect(out, label).toContain(label);
    }
    expect(out).toContain('The file holds the first 40 of 100 rejected rows; the rest are only counted.');
  });

  it('writes Spanish under RENTAS_LANG=es, with <html lang="es-MX">', () => {
    const out = render('es');

    expect(out).toContain('<html lang="es-MX">');
    for (const label of ['Lote 2024-06-01_sucursales', 'Archivos del lote', 'Los 20 vehículos más rentados', 'Por tipo de vehículo',
      'Mes de inicio de la renta.', 'Motivos de rechazo', 'correo no válido', 'no incluido', 'Parcial']) {
      expect(out, label).toContain(label);
    }
    expect(out).toContain('El archivo tiene las primeras 40 de 100 filas rechazadas; las demás solo se cuentan.');
  });

  it('shows no text of the other language: every label comes from the catalogue', () => {
    for (const [language, other] of [['en', 'es'], ['es', 'en']] as const) {
      const text = visibleText(render(language));
      const mine = new Set(reportTexts(language).values());
      const foreign = [...reportTexts(other)].filter(([, value]) => value.length >= 5 && !mine.has(value) && asWord(value).test(text));
      expect(foreign, `${other} texts in the ${language} report`).toEqual([]);
    }
  });

  it('labels months and columns for people, not with column names', () => {
    for (const language of ['es', 'en'] as const) {
      const months = render(language).split('<section id="meses">')[1].split('</section>')[0];
      expect(visibleText(months)).not.toMatch(/fecha_inicio|total_rentas|duracion_promedio_dias|ingresos_centavos/);
    }
  });
});

describe('the report of a failed or empty load', () => {
  let db: Db;
  let before: Lang;
  beforeAll(() => {
    before = lang();
  });
  afterEach(() => {
    db?.close();
    setLang(before);
  });

  it('gives a table whose rows were all rejected a red badge, and one with some rejects an amber one', () => {
    setLang('es');
    db = newWarehouse(config);
    const out = renderReport(db, sampleManifest({ status: 'partial' }, {
      rentas: allRejected,
      clientes: table({ file: 'clientes.csv', rowsRead: 2, inserted: 1, rejected: 1, rejectsWritten: 1 }),
    }), config);

    expect(out).toMatch(/Rentas <span class="badge s-rejected">todas las filas rechazadas<\/span>/);
    expect(out).toMatch(/Clientes <span class="badge s-partial">cargado<\/span>/);
    expect(out).toMatch(/Vehículos <span class="badge s-loaded">cargado<\/span>/);
  });

  it('says why there are no figures instead of drawing empty charts, in both languages', () => {
    const cases: [TableReport, string, string][] = [
      [allRejected, 'Todas las filas de rentas.csv fueron rechazadas: revise los motivos de arriba, corrija el archivo y vuelva a cargarlo.',
        'Every row of rentas.csv was rejected: see the reasons above, fix the file and load it again.'],
      [table({ file: null, status: 'missing' }), 'Este lote no incluía rentas.csv.', 'This batch did not include rentas.csv.'],
      [table({ status: 'rejected', error: 'rentas.csv line 1: missing required column id_renta.' }),
        'El archivo de rentas de este lote fue rechazado: vea su error arriba.', 'The rentals file of this batch was rejected: see its error above.'],
      [table({}), 'El archivo de rentas de este lote no tenía filas de datos.', 'The rentals file of this batch had no data rows.'],
    ];
    db = newWarehouse(config);
    for (const [rentas, es, en] of cases) {
      for (const [language, reason] of [['es', es], ['en', en]] as const) {
        setLang(language);
        const out = renderReport(db, sampleManifest({ status: 'partial' }, { rentas }), config);

        expect(out, reason).toContain(reason);
        expect(out).not.toMatch(/<svg|<table data-table=|class="kpis"|vehículos más rentados|most rented/);
        expect(visibleText(out)).not.toMatch(/\b0 (vehículos|vehicles)\b/);
      }
    }
  });

  it('names a single vehicle in the singular', () => {
    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 1, points: 1, clients: 1, rentals: 3, months: 1 });
    setLang('es');
    expect(renderReport(db, sampleManifest(), config)).toContain('<h2>El vehículo más rentado</h2>');
    setLang('en');
    expect(renderReport(db, sampleManifest(), config)).toContain('<h2>The most rented vehicle</h2>');
  });
});

describe('names, times and scales in the report', () => {
  let db: Db;
  let before: Lang;
  beforeAll(() => {
    before = lang();
    setLang('es');
  });
  afterAll(() => setLang(before));
  afterEach(() => db?.close());

  it('does not repeat a brand that the model name already starts with', () => {
    expect(vehicleName('Mazda', 'Mazda 3', 2022)).toBe('Mazda 3 2022');
    expect(vehicleName('Mazda', 'Mazda3', 2022)).toBe('Mazda3 2022');
    expect(vehicleName('mazda', 'MAZDA 2')).toBe('MAZDA 2');
    expect(vehicleName('Mazda', 'CX-5', 2021)).toBe('Mazda CX-5 2021');
    expect(vehicleName('Mini', 'Minivan')).toBe('Mini Minivan');
    expect(vehicleName('BMW', 'Serie 3')).toBe('BMW Serie 3');

    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 3, points: 1, clients: 1, rentals: 30, months: 1 });
    db.prepare(`UPDATE ${config.tables.vehiculos} SET marca = 'Mazda', modelo = 'Mazda 3'`).run();
    rebuildAggregate(db, config);
    const out = renderReport(db, sampleManifest(), config);

    expect(out).toMatch(/\d\. Mazda 3 20\d\d/);
    expect(out).not.toContain('Mazda Mazda');
  });

  it('shows the run as long as it took, from its start and end times', () => {
    expect(formatElapsed('2024-06-01T12:00:00.000Z', '2024-06-01T12:00:04.250Z')).toBe('4.3 s');
    expect(formatElapsed('2024-06-01T12:00:00.000Z', '2024-06-01T12:00:00.450Z')).toBe('450 ms');
    expect(formatElapsed('2024-06-01T12:00:00.000Z', '2024-06-01T12:02:05.000Z')).toBe('2 min 5 s');

    db = newWarehouse(config);
    const header = renderReport(db, sampleManifest(), config).split('<p class="meta">')[1].split('</p>')[0];
    expect(visibleText(header)).toMatch(/Inicio: 1 jun 2024, 6:00:00\s?a\.\s?m\. · Fin: 1 jun 2024, 6:00:04\s?a\.\s?m\. · Duración: 4\.3 s \(hora del centro de México\)/);
  });

  it('starts every bar at 0: bar lengths are proportional to their values', () => {
    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 8, points: 2, clients: 2, rentals: 200, months: 3 });
    const out = renderReport(db, sampleManifest(), config);

    const top = out.split('data-chart="top-vehiculos"')[1].split('</svg>')[0];
    const values = [...top.matchAll(/<text class="val"[^>]*>([\d,]+)<\/text>/g)].map((m) => Number(m[1].replace(/,/g, '')));
    const widths = [...top.matchAll(/<rect class="bar" x="0" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(values.length);
    for (let i = 1; i < values.length; i++) expect(widths[i] / widths[0]).toBeCloseTo(values[i] / values[0], 2);
    expect(top).toContain('<line class="zero" x1="0" x2="0"');

    const months = out.split('data-chart="meses"')[1].split('</svg>')[0];
    const zero = /<line class="gl" x1="\d+" x2="\d+" y1="([\d.]+)" y2="[\d.]+"\/><text class="axis"[^>]*>0<\/text>/.exec(months);
    expect(zero, 'a gridline labelled 0').not.toBeNull();
    for (const bar of months.matchAll(/<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)) {
      expect(Number(bar[1]) + Number(bar[2])).toBeCloseTo(Number(zero![1]), 0);
    }
  });
});
