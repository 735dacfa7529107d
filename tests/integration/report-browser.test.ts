import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLang } from '../../common/i18n/index.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { renderReport } from '../../batch-job/src/core/report/index.js';
import type { Db } from '../../batch-job/src/core/warehouse.js';
import { fillSynthetic, newWarehouse, sampleManifest } from '../helpers/report-warehouse.js';

/**
 * The report as a reader sees it, in headless Chromium: what is visible, at a laptop and a
 * phone width, and that nothing is fetched. Needs the Debian `chromium` package; without it
 * the tests are skipped, unless REQUIRE_BROWSER=1 (CI), where a missing browser fails.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
const SKIP_NOTE = `${CHROMIUM} not found: install the Debian package "chromium" (or set CHROMIUM_PATH); REQUIRE_BROWSER=1 turns this skip into a failure`;
/**
 * Rentals of the size test, enough for 10 000 vehicles over 24 months; REPORT_BENCH_RENTALS=1000000
 * gives the figures of a million rentals (about 10 s more), 0 leaves the test out.
 */
const BENCH_RENTALS = Number(process.env.REPORT_BENCH_RENTALS ?? 100_000);

const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

if (!AVAILABLE && !REQUIRED) console.warn(`report-browser tests skipped: ${SKIP_NOTE}`);

describe('report.html in Chromium (RENTAS_LANG=es)', () => {
  const config = loadConfig({});
  let browser: Browser | undefined;
  let dir: string;

  beforeAll(async () => {
    setLang('es');
    if (!AVAILABLE) {
      if (REQUIRED) {
        throw new Error(`Chromium is required (REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist: install the Debian package "chromium" or set CHROMIUM_PATH.`);
      }
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    setLang('en');
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the report into its own output folder (with a reject file beside it) and opens it. */
  async function open(name: string, htmlText: string, viewport: { width: number; height: number }) {
    const out = join(dir, name);
    mkdirSync(join(out, 'rejects'), { recursive: true });
    writeFileSync(join(out, 'rejects', 'rentas.csv'), 'line,reason\n');
    const file = join(out, 'report.html');
    writeFileSync(file, htmlText);
    const page = await browser!.newPage({ viewport });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Page-side code is passed as text: this project type-checks without the DOM library.
    const loadMs = await page.evaluate<number>(
      "(() => { const nav = performance.getEntriesByType('navigation')[0]; return nav.loadEventEnd - nav.startTime; })()",
    );
    return { page, file, requests, problems, loadMs, bytes: statSync(file).size };
  }

  const noHorizontalOverflow = (page: Page) =>
    page.evaluate<{ scroll: number; viewport: number }>(
      '({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })',
    );

  /** Bars that take space on screen and are not hidden by CSS. */
  const visibleBars = (page: Page) =>
    page.locator('svg[data-chart="top-vehiculos"] rect.bar').evaluateAll((rects) =>
      rects.filter((r) => {
        const box = r.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && r.ownerDocument.defaultView?.getComputedStyle(r).visibility !== 'hidden';
      }).length,
    );

  describe('with 20 000 rentals over 24 months', () => {
    let db: Db;
    let htmlText: string;
    let renderMs: number;
    let topName: string;

    beforeAll(() => {
      if (!browser) return;
      db = newWarehouse(config);
      fillSynthetic(db, config, { vehicles: 200, points: 30, clients: 50, rentals: 20_000, months: 24 });
      const top = db.prepare(`SELECT marca, modelo, anio FROM ${config.topView} ORDER BY posicion LIMIT 1`).get() as {
        marca: string; modelo: string; anio: number;
      };
      topName = `1. ${top.marca} ${top.modelo} ${top.anio}`;
      const manifest = sampleManifest({ status: 'partial' }, {
        rentas: {
          file: 'rentas.csv', status: 'loaded', warnings: ['extra column "notas" is ignored'],
          rowsRead: 20_012, inserted: 20_000, updated: 0, unchanged: 0, rejected: 12, rejectsWritten: 12,
          rejectReasons: [
            { code: 'DATE_ORDER', column: 'fecha_fin', count: 9, firstLine: 4 },
            { code: 'UNKNOWN_REFERENCE', column: 'id_vehiculo', count: 3, firstLine: 2 },
          ],
        },
      });
      const t0 = performance.now();
      htmlText = renderReport(db, manifest, config);
      renderMs = performance.now() - t0;
    });
    afterAll(() => db?.close());

    it('shows the top vehicle and 20 bars at laptop width, without horizontal overflow', async (ctx) => {
      ctx.skip(!browser, SKIP_NOTE);
      const { page, requests, problems, loadMs, bytes } = await open('laptop', htmlText, LAPTOP);

      const label = page.locator('svg[data-chart="top-vehiculos"] text.lbl').first();
      await expect.poll(() => label.isVisible()).toBe(true);
      expect(await label.textContent()).toBe(topName);
      expect(await visibleBars(page)).toBe(20);
      const { scroll, viewport } = await noHorizontalOverflow(page);
      expect(scroll).toBeLessThanOrEqual(viewport);
      expect(await page.getByRole('heading', { name: 'Los 20 vehículos más rentados' }).isVisible()).toBe(true);
      // Only the file itself was requested, and no script or policy error was reported.
      expect(requests).toHaveLength(1);
      expect(problems).toEqual([]);

      const shot = join(dir, 'report-1280.png');
      await page.screenshot({ path: shot, fullPage: true });
      copyFileSync(shot, '/tmp/report-screenshot.png');
      const figures = `20k rentals: render ${renderMs.toFixed(0)} ms, ${(bytes / 1024).toFixed(1)} KB, browser load ${loadMs.toFixed(0)} ms`;
      console.log(figures);
      await ctx.annotate(figures);
      await page.close();
    });

    it('fits a phone width: no horizontal overflow, the chart still readable', async (ctx) => {
      ctx.skip(!browser, SKIP_NOTE);
      const { page } = await open('phone', htmlText, PHONE);

      const { scroll, viewport } = await noHorizontalOverflow(page);
      expect(scroll).toBeLessThanOrEqual(viewport);
      expect(await visibleBars(page)).toBe(20);
      const label = page.locator('svg[data-chart="top-vehiculos"] text.lbl').first();
      expect(await label.textContent()).toBe(topName);
      const size = await label.evaluate((el) => el.getBoundingClientRect().height);
      expect(size, 'label height in CSS pixels').toBeGreaterThanOrEqual(10);

      const shot = join(dir, 'report-390.png');
      await page.screenshot({ path: shot, fullPage: true });
      copyFileSync(shot, '/tmp/report-phone.png');
      await page.close();
    });

    it('links the reject file relative to the report', async (ctx) => {
      ctx.skip(!browser, SKIP_NOTE);
      const { page } = await open('links', htmlText, LAPTOP);

      const links = page.locator('a.rejects');
      expect(await links.count()).toBe(1);
      const href = await links.first().getAttribute('href');
      expect(href).toBe('rejects/rentas.csv');
      expect(existsSync(fileURLToPath(new URL(href!, page.url())))).toBe(true);
      await page.close();
    });
  });

  describe.runIf(BENCH_RENTALS > 0)(`with ${BENCH_RENTALS.toLocaleString('en')} rentals (size and timings)`, () => {
    it('stays under 500 KB and loads in the browser', { timeout: 900_000 }, async (ctx) => {
      ctx.skip(!browser, SKIP_NOTE);
      const db = newWarehouse(config, join(dir, 'big.db'));
      try {
        let t0 = performance.now();
        fillSynthetic(db, config, { vehicles: 10_000, points: 200, clients: 1_000, rentals: BENCH_RENTALS, months: 24 });
        const buildMs = performance.now() - t0;
        const aggRows = db.prepare(`SELECT COUNT(*) FROM ${config.aggregateTable}`).pluck().get() as number;
        t0 = performance.now();
        const htmlText = renderReport(db, sampleManifest(), config);
        const renderMs = performance.now() - t0;

        const { page, loadMs, bytes } = await open('big', htmlText, LAPTOP);
        expect(bytes).toBeLessThan(500 * 1024);
        expect(await visibleBars(page)).toBe(20);
        const { scroll, viewport } = await noHorizontalOverflow(page);
        expect(scroll).toBeLessThanOrEqual(viewport);

        const figures =
          `${BENCH_RENTALS} rentals (${aggRows} aggregate rows, built in ${(buildMs / 1000).toFixed(1)} s): ` +
          `render ${renderMs.toFixed(0)} ms, report ${(bytes / 1024).toFixed(1)} KB, browser load ${loadMs.toFixed(0)} ms`;
        console.log(figures);
        await ctx.annotate(figures);
        await page.close();
      } finally {
        db.close();
      }
    });
  });
});
