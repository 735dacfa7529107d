// npm run demo: a newcomer's first run. Generates a small sample batch, runs the ETL on it
// and prints the summary, the top 10 and where the report is. No AWS, no settings needed.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from './sample-data/index.js';
import { summary } from './cli-format.js';
import { envWithDotenv, loadConfig } from './core/config.js';
import { runEtl } from './core/run-etl.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { rentals: { type: 'string', default: '10000' }, dir: { type: 'string', default: 'out/demo' } },
  });
  const rentals = Number(values.rentals);
  if (!Number.isSafeInteger(rentals) || rentals < 0) {
    process.stderr.write(`demo: --rentals expects a whole number, got "${values.rentals}".\n`);
    return 2;
  }
  const config = loadConfig(envWithDotenv());
  const root = resolve(values.dir);
  const inputDir = join(root, 'incoming', 'demo-batch');
  const outDir = join(root, 'output');
  rmSync(root, { recursive: true, force: true });

  const started = Date.now();
  await generateSample({ out: inputDir, rentals });
  const generated = Date.now();
  const { manifest } = await runEtl({ config, inputDir, outDir, batchId: 'demo-batch', parseInWorker: true });
  const done = Date.now();

  process.stdout.write(`Sample batch (${rentals.toLocaleString('en-US')} rentals) generated in ${inputDir} in ${((generated - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`ETL finished in ${((done - generated) / 1000).toFixed(1)} s\n\n`);
  process.stdout.write(`${summary(manifest, outDir)}\n\n`);
  process.stdout.write(`Report: ${join(outDir, 'report.html')}\n`);
  process.stdout.write(`Next: npm run etl -- --input ${inputDir} --out ${outDir} --db ${join(outDir, config.dbFile)}   (a second run: every row unchanged)\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`demo: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
