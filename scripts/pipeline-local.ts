// npm run pipeline:local: the whole event chain on this machine, no AWS account needed.
// moto_server stands in for S3, SQS and Batch; the real handlers and the real Batch job run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createLocalStack, dropBatch, settle } from './local-aws/pipeline.js';
import { motoAvailable, startMoto } from './local-aws/moto-process.js';
import { notificationProblems } from './local-aws/notification-schemas.js';
import { generateSample } from '../batch-job/src/sample-data/index.js';
import { printable } from '../common/safe-text.js';

const USAGE = 'usage: npm run pipeline:local -- [--rentals N] [--input DIR] [--batch-id ID]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { rentals: { type: 'string', default: '2000' }, input: { type: 'string' }, 'batch-id': { type: 'string' } },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`pipeline:local: ${printable((e as Error).message)}; ${USAGE}.\n`);
    return 2;
  }
  if (!motoAvailable()) {
    process.stderr.write("pipeline:local: moto_server was not found on PATH; install it with `pip install 'moto[server]'`.\n");
    return 2;
  }
  const batchId = args['batch-id'] ?? `Sucursal Mérida ${new Date().toISOString().slice(0, 10)}`;
  let input = args.input;
  if (!input) {
    input = mkdtempSync(join(tmpdir(), 'rentas-pipeline-'));
    await generateSample({ out: input, rentals: Number(args.rentals) });
  }

  // Keys, batch ids and notification texts come from the data: shown escaped.
  const say = (line: string) => process.stdout.write(`${printable(line)}\n`);
  const server = await startMoto();
  try {
    say(`moto_server (S3, SQS, Batch) on ${server.endpoint}`);
    // The job logs at LOG_LEVEL like the handlers in this process (LogLevel of the template).
    const stack = await createLocalStack(server, { parameters: process.env.LOG_LEVEL ? { LogLevel: process.env.LOG_LEVEL } : {} });
    say(`input bucket ${stack.inputBucket}, output bucket ${stack.outputBucket}, notifications ${stack.notifications.url}`);
    const keys = await dropBatch(stack, input, batchId);
    say(`uploaded ${keys.length} file(s) to s3://${stack.inputBucket}/incoming/${batchId}/`);
    const { jobs, notifications } = await settle(stack, new Set(), { log: (l) => say(`  ${l}`) });

    say('');
    say('Output bucket:');
    const listed = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.outputBucket }));
    for (const o of listed.Contents ?? []) say(`  ${String(o.Size).padStart(10)}  ${o.Key}`);
    say('');
    say(`Notifications a downstream consumer receives (${notifications.length}), each checked against functions/index-output/schemas/<type>.schema.json:`);
    let invalid = 0;
    for (const n of notifications) {
      const b = n.body;
      const detail = n.type === 'output.available' ? `${String(b.kind)} ${String(b.key)} (${String(b.bytes)} bytes, sha256 ${String(b.sha256).slice(0, 12)}…)` : n.type === 'file.rejected' ? String(b.error) : JSON.stringify(b.totals ?? b.statusReason ?? '');
      say(`  ${n.type.padEnd(17)} batchId=${n.batchId}  ${detail}`);
      const problems = notificationProblems(n.body, n.attributes);
      if (problems.length > 0) {
        invalid += 1;
        say(`    INVALID against its schema: ${problems.join('; ')}`);
      }
    }
    say(invalid > 0 ? `${invalid} notification(s) do not match their schema.` : `All ${notifications.length} notification(s) match their schemas.`);
    return jobs.every((j) => j.exitCode === 0) && invalid === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`pipeline:local: ${String((e as Error).stack ?? e).split('\n').map(printable).join('\n')}\n`);
    process.exitCode = 2;
  },
);
