// npm run demo: a newcomer's first run. Generates a small sample batch, runs the ETL on it
// and prints the summary, the top 10 and where the report is. No AWS, no settings needed.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from './sample-data/index.js';
import { summary } from './cli-format.js';
import { envWithDotenv, loadConfig } from './core/config.js';
import { runEtl } from './core/run-etl.js';
import { printable } from '../../common/safe-text.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { rentals: { type: 'string', default: '10000' }, dir: { type: 'string', default: 'out/demo' } },
  });
  const rentals = Number(values.rentals);
  if (!Number.isSafeInteger(rentals) || rentals < 0) {
    process.stderr.write(`demo: --rentals expects a whole number, got "${printable(String(values.rentals))}".\n`);
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

  // The folder comes from --dir: shown escaped like the data in the summary.
  const say = (line: string) => process.stdout.write(`${printable(line)}\n`);
  say(`Sample batch (${rentals.toLocaleString('en-US')} rentals) generated in ${inputDir} in ${((generated - started) / 1000).toFixed(1)} s`);
  say(`ETL finished in ${((done - generated) / 1000).toFixed(1)} s`);
  say('');
  process.stdout.write(`${summary(manifest, outDir)}\n\n`);
  say(`Report: ${join(outDir, 'report.html')}`);
  say(`Next: npm run etl -- --input ${inputDir} --out ${outDir} --db ${join(outDir, config.dbFile)}   (a second run: every row unchanged)`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`demo: ${printable((e as Error).message)}\n`);
    process.exitCode = 2;
  },
);
