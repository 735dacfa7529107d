import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLang, type Lang } from '../../common/i18n/index.js';
import { rebuildAggregate } from '../../batch-job/src/core/aggregate.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { renderReport } from '../../batch-job/src/core/report/index.js';
import type { Db } from '../../batch-job/src/core/warehouse.js';
import { fillSynthetic, newWarehouse, sampleManifest } from '../helpers/report-warehouse.js';

/**
 * The report's tables as a reader sees them, in headless Chromium at a phone (390 px, touch,
 * overlay scroll bars as on a phone) and a laptop (1280 px) width, in both languages: no cell
 * holds more than its box shows, and every table either fits its box or scrolls visibly
 * (a scroll bar that takes room, and a shadow at the edge where more columns wait).
 * Skipped without Chromium unless REQUIRE_BROWSER=1, like report-browser.test.ts.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
const SKIP_NOTE = `${CHROMIUM} not found: install the Debian package "chromium" (or set CHROMIUM_PATH); REQUIRE_BROWSER=1 turns this skip into a failure`;

const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  laptop: { viewport: { width: 1280, height: 900 } },
  /** The narrowest phone still sold (iPhone SE, 1st generation). */
  smallPhone: { viewport: { width: 320, height: 568 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

interface WrapperBox {
  table: string;
  scrollWidth: number;
  clientWidth: number;
  overflowX: string;
  /** Room the horizontal scroll bar takes (offsetHeight - clientHeight - borders). */
  scrollbar: number;
  /** The wrapper's background draws the edge shadows that say "more to the right". */
  shadows: boolean;
}

interface ClippedCell {
  table: string;
  text: string;
  scrollWidth: number;
  clientWidth: number;
}

// Page-side code is passed as text: this project type-checks without the DOM library.
const MEASURE = `(() => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const name = (el) => { const t = el.querySelector('table'); return t ? (t.dataset.table || t.className) : '?'; };
  const wrappers = [...document.querySelectorAll('.table-wrap')].map((w) => {
    const s = getComputedStyle(w);
    const borders = parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
    return { table: name(w), scrollWidth: w.scrollWidth, clientWidth: w.clientWidth, overflowX: s.overflowX,
      scrollbar: w.offsetHeight - w.clientHeight - borders, shadows: /gradient/.test(s.backgroundImage) && /local/.test(s.backgroundAttachment) };
  });
  const clipped = [...document.querySelectorAll('th, td')]
    .filter((c) => c.getClientRects().length > 0 && c.scrollWidth > c.clientWidth + 1)
    .map((c) => ({ table: name(c.closest('.table-wrap') || c.parentElement), text: c.textContent, scrollWidth: c.scrollWidth, clientWidth: c.clientWidth }));
  return { wrappers, clipped, page: document.documentElement.scrollWidth, viewport: window.innerWidth };
})()`;

if (!AVAILABLE && !REQUIRED) console.warn(`report-layout tests skipped: ${SKIP_NOTE}`);

describe('report.html tables at phone and laptop width', () => {
  const config = loadConfig({});
  let browser: Browser | undefined;
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    if (!AVAILABLE) {
      if (REQUIRED) throw new Error(`Chromium is required (REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist.`);
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'report-layout-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    db = newWarehouse(config);
    fillSynthetic(db, config, { vehicles: 200, points: 30, clients: 50, rentals: 20_000, months: 24 });
  });

  afterAll(async () => {
    db?.close();
    await browser?.close();
    setLang('en');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const manifest = () =>
    sampleManifest({ status: 'partial' }, {
      rentas: {
        file: 'rentas.csv', status: 'loaded', warnings: [],
        rowsRead: 20_012, inserted: 20_000, updated: 0, unchanged: 0, rejected: 12, rejectsWritten: 12,
        rejectReasons: [
          { code: 'DATE_ORDER', column: 'fecha_fin', count: 9, firstLine: 4 },
          { code: 'UNKNOWN_REFERENCE', column: 'id_vehiculo', count: 2, firstLine: 2 },
          { code: 'FIELD_COUNT', count: 1, firstLine: 17 },
        ],
      },
    });

  async function measure(name: string, htmlText: string, device: keyof typeof VIEWPORTS) {
    const file = join(dir, `${name}-${device}.html`);
    writeFileSync(file, htmlText);
    const context = await browser!.newContext(VIEWPORTS[device]);
    const page: Page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const result = await page.evaluate<{ wrappers: WrapperBox[]; clipped: ClippedCell[]; page: number; viewport: number }>(MEASURE);
    await context.close();
    return result;
  }

  /**
   * Fits its box, or scrolls and shows it: a scroll bar that takes room where the device has
   * one (a laptop), and edge shadows that appear where more columns wait (a phone, whose
   * overlay scroll bars stay hidden until touched).
   */
  const fitsOrScrollsVisibly = (w: WrapperBox) =>
    w.scrollWidth <= w.clientWidth + 1 || (['auto', 'scroll'].includes(w.overflowX) && (w.scrollbar > 0 || w.shadows));

  for (const language of ['es', 'en'] as const satisfies readonly Lang[]) {
    for (const device of ['phone', 'laptop'] as const) {
      it(`shows every cell whole and every table fitting, at ${VIEWPORTS[device].viewport.width} px in ${language}`, async (ctx) => {
        ctx.skip(!browser, SKIP_NOTE);
        setLang(language);
        const { wrappers, clipped, page, viewport } = await measure(`report-${language}`, renderReport(db, manifest(), config), device);

        expect(wrappers.map((w) => w.table).sort()).toEqual(['anios', 'meses', 'puntos', 'reasons', 'rutas', 'tipos']);
        expect(clipped).toEqual([]);
        // With ordinary figures every table fits: nothing to scroll to.
        expect(wrappers.filter((w) => w.scrollWidth > w.clientWidth + 1)).toEqual([]);
        expect(page).toBeLessThanOrEqual(viewport);
      });
    }
  }

  for (const device of ['phone', 'laptop'] as const) {
    it(`lays out a load whose rentals were all rejected at ${VIEWPORTS[device].viewport.width} px: the reasons whole, no empty table`, async (ctx) => {
      ctx.skip(!browser, SKIP_NOTE);
      setLang('es');
      const empty = newWarehouse(config);
      try {
        const rentas = {
          file: 'rentas.csv', status: 'loaded' as const, warnings: [], rowsRead: 10_000, inserted: 0, updated: 0, unchanged: 0,
          rejected: 10_000, rejectsWritten: 10_000,
          rejectReasons: [
            { code: 'BAD_DATE' as const, column: 'fecha_inicio', count: 10_000, firstLine: 2 },
            { code: 'BAD_NUMBER' as const, column: 'costo_total', count: 9_998, firstLine: 2 },
          ],
        };
        const { wrappers, clipped, page, viewport } = await measure('all-rejected', renderReport(empty, sampleManifest({ status: 'partial' }, { rentas }), config), device);

        expect(wrappers.map((w) => w.table)).toEqual(['reasons']);
        expect(clipped).toEqual([]);
        expect(wrappers.filter((w) => w.scrollWidth > w.clientWidth + 1)).toEqual([]);
        expect(page).toBeLessThanOrEqual(viewport);
      } finally {
        empty.close();
      }
    });
  }

  it('scrolls a table that cannot fit a 320 px phone visibly, and still clips no cell', async (ctx) => {
    ctx.skip(!browser, SKIP_NOTE);
    setLang('es');
    const wide = newWarehouse(config);
    try {
      fillSynthetic(wide, config, { vehicles: 40, points: 5, clients: 5, rentals: 400, months: 3 });
      // Revenues of trillions of pesos and long type names: more than 320 px can hold.
      wide.prepare(`UPDATE ${config.tables.vehiculos} SET tipo = 'Camioneta de pasajeros ' || tipo`).run();
      wide.prepare(`UPDATE ${config.tables.rentas} SET costo_centavos = costo_centavos * 1000000000, costo_total = costo_total * 1000000000`).run();
      rebuildAggregate(wide, config);
      const { wrappers, clipped, page, viewport } = await measure('wide', renderReport(wide, manifest(), config), 'smallPhone');

      expect(wrappers.filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.table)).not.toEqual([]);
      expect(clipped).toEqual([]);
      expect(wrappers.filter((w) => !fitsOrScrollsVisibly(w))).toEqual([]);
      expect(page).toBeLessThanOrEqual(viewport);
    } finally {
      wide.close();
    }
  });
});
