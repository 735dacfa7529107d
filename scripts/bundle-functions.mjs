// `npm run bundle:functions [-- --runs N]`: bundles each Lambda exactly as `sam build` does
// (options read from template.yaml) into dist/functions/<name>/index.mjs and prints its
// minified size, the native modules it pulls in, and its module initialisation time.
// Exits 1 when a bundle is over 1 MB or holds a native module; a slow init is reported but
// does not fail, since it depends on the machine.
import { parseArgs } from 'node:util';
import { bundleFunctions, measureInit, reportLines, TARGETS } from './bundle-functions-lib.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bundle-functions: --runs expects an integer >= 1, got "${values.runs}".\n`);
  process.exit(2);
}

let failed = false;
for (const bundle of await bundleFunctions()) {
  const init = await measureInit(bundle, { runs });
  for (const line of reportLines(bundle, init)) process.stdout.write(`${line}\n`);
  failed ||= bundle.bytes > TARGETS.maxBytes || bundle.native.length > 0;
}
process.exitCode = failed ? 1 : 0;
