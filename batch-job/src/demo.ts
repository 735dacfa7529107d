// npm run demo: a newcomer's first run. Generates a small sample batch, runs the ETL on it
// and prints the summary, the top 10 and where the report is. No AWS, no settings needed.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { joinNegativeValues } from './cli-args.js';
import { generateSample } from './sample-data/index.js';
import { summary } from './cli-format.js';
import { readCliConfig } from './cli-config.js';
import { envWithDotenv } from './core/config.js';
import { runEtl } from './core/run-etl.js';
import { t } from '../../common/i18n/index.js';
import { printable } from '../../common/safe-text.js';

/**
 * Marks a folder the demo made: a later demo removes it only when it bears this file, so
 * `--dir .` or a folder of the user's own is never emptied. A hidden file, so the ETL does not
 * take it for a stray file of the batch.
 */
const MARKER = '.rentas-demo';

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2), ['rentals', 'dir']),
    options: { rentals: { type: 'string', default: '10000' }, dir: { type: 'string', default: 'out/demo' } },
  });
  const rentals = /^\d+$/.test(values.rentals.trim()) ? Number(values.rentals) : NaN;
  if (!Number.isSafeInteger(rentals)) {
    process.stderr.write(`demo: ${printable(t().demoRentalsBad({ got: JSON.stringify(values.rentals) }))}\n`);
    return 2;
  }
  const { etl: config } = readCliConfig(envWithDotenv());
  const root = resolve(values.dir);
  const inputDir = join(root, 'incoming', 'demo-batch');
  const outDir = join(root, 'output');
  const ours = [inputDir, outDir];
  for (const dir of ours) {
    if (existsSync(dir) && !existsSync(join(dir, MARKER))) throw new Error(t().demoNotOurs({ path: dir, dir: values.dir }));
  }
  for (const dir of ours) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, MARKER), 'Made by npm run demo: the next demo run replaces this folder.\n');
  }

  const started = Date.now();
  await generateSample({ out: inputDir, rentals });
  const generated = Date.now();
  const { manifest } = await runEtl({ config, inputDir, outDir, batchId: 'demo-batch', parseInWorker: true });
  const done = Date.now();

  // The folder comes from --dir: shown escaped like the data in the summary.
  const say = (line: string) => process.stdout.write(`${printable(line)}\n`);
  say(t().demoGenerated({ rentals, dir: inputDir, seconds: (generated - started) / 1000 }));
  say(t().demoFinished({ seconds: (done - generated) / 1000 }));
  say('');
  process.stdout.write(`${summary(manifest, outDir)}\n\n`);
  say(t().demoReport({ path: join(outDir, 'report.html') }));
  say(t().demoNext({ command: `npm run etl -- --input ${inputDir} --out ${outDir} --db ${join(outDir, config.dbFile)}` }));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`demo: ${printable((e as Error).message)}\n`);
    process.exitCode = 2;
  },
);
