import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { runEtl } from '../../batch-job/src/core/run-etl.js';
import { lang, setLang, type Lang } from '../../common/i18n/index.js';
import { BASE_BATCH, HEADERS, tempDir, writeBatch } from '../helpers/etl.js';

/** report.html as a run writes it, from the run's own manifest. */
describe('the report written by a run', () => {
  const dirs: string[] = [];
  let before: Lang;
  beforeAll(() => {
    before = lang();
  });
  afterAll(() => {
    setLang(before);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the ETL with a clock that moves `stepMs` at every reading, and returns the report's visible header line. */
  async function run(files: Record<string, string>, stepMs = 0) {
    const outDir = tempDir('report-run-');
    const inputDir = writeBatch(files, join(tempDir('report-run-in-'), 'lote-1'));
    dirs.push(outDir, join(inputDir, '..'));
    let clock = Date.parse('2024-06-01T12:00:00.000Z');
    const now = () => new Date((clock += stepMs));
    const result = await runEtl({ config: loadConfig({}), inputDir, outDir, now });
    const report = readFileSync(join(outDir, 'report.html'), 'utf8');
    const meta = report.split('<p class="meta">')[1].split('</p>')[0].replace(/<[^>]+>/g, ' ');
    return { result, report, meta };
  }

  it('shows the time the load took, not a start and end that are always equal', async () => {
    setLang('es');
    const { result, meta } = await run(BASE_BATCH, 700);

    const times = /Inicio: (.+?) · Fin: (.+?) · Duración: (.+?) \(hora del centro de México\)/.exec(meta);
    expect(times, meta).not.toBeNull();
    expect(times![2]).not.toBe(times![1]);
    expect(times![3]).not.toMatch(/^0(\.0)? s$|^0 ms$/);
    // The manifest's own end comes later still: after the outputs were written and hashed.
    expect(Date.parse(result.manifest.finishedAt)).toBeGreaterThan(Date.parse(result.manifest.startedAt));
  });

  it('shows a rentals file with every row rejected in red, with why there are no figures, in English', async () => {
    setLang('en');
    const { result, report } = await run({
      ...BASE_BATCH,
      'rentas.csv': `${HEADERS.rentas}\n1,1,1,2,1,01/02/2024,03/02/2024,1500\n2,1,1,1,2,05/02/2024,06/02/2024,800\n`,
    });

    expect(result.manifest.tables.rentas).toMatchObject({ status: 'loaded', rowsRead: 2, rejected: 2 });
    expect(report).toContain('<html lang="en">');
    expect(report).toMatch(/Rentals <span class="badge s-rejected">every row rejected<\/span>/);
    expect(report).toContain('Every row of rentas.csv was rejected: see the reasons above, fix the file and load it again.');
    expect(report).toMatch(/<code class="rule">fecha_inicio: BAD_DATE<\/code><span>not a valid date<\/span><\/td><td class="n">2<\/td><td class="n">2<\/td>/);
    expect(report).not.toMatch(/<svg|most rented/);
  });
});
