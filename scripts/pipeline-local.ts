// npm run pipeline:local: the whole event chain on this machine, no AWS account needed.
// moto_server stands in for S3, SQS and Batch; the real handlers and the real Batch job run.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { batchWaitingFor, createLocalStack, dropBatch, keepOutputs, settle } from './local-aws/pipeline.js';
import { motoAvailable, startMoto } from './local-aws/moto-process.js';
import { notificationProblems } from './local-aws/notification-schemas.js';
import { generateSample } from '../batch-job/src/sample-data/index.js';
import { printable } from '../common/safe-text.js';

const USAGE = 'usage: npm run pipeline:local -- [--rentals N] [--input DIR] [--batch-id ID] [--out DIR]';

/**
 * The AWS SDK warns once, on Node before 22, that its releases after January 2027 need Node
 * 22; printed by Node whenever the first client is made, its eight lines would land in the
 * middle of this tool's output. It is said here once, first, on one line of stderr.
 */
function sayNodeNotice(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22 || process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === 'true') return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.stderr.write(`pipeline:local: note: AWS SDK releases after January 2027 need Node 22 or newer; this is Node ${process.versions.node}.\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { rentals: { type: 'string', default: '2000' }, input: { type: 'string' }, 'batch-id': { type: 'string' }, out: { type: 'string' } },
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
  sayNodeNotice();
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

    // A batch that ran no job is waiting for files: say which, rather than "0 notifications".
    const waitingFor = jobs.some((j) => j.batchId === batchId) ? undefined : await batchWaitingFor(stack, batchId);
    if (waitingFor !== undefined) {
      say('');
      say(
        waitingFor.length > 0
          ? `No job ran: batch ${batchId} is waiting for ${waitingFor.join(', ')}. Upload them to s3://${stack.inputBucket}/incoming/${batchId}/, or an empty _SUCCESS file to load the batch as it is.`
          : `No job ran: batch ${batchId} has a file for every table, but a rejected one (see file.rejected above) must be uploaded again, corrected.`,
      );
    }

    // moto_server keeps everything in memory: copy the outputs to a folder that outlives it.
    const out = resolve(args.out ?? mkdtempSync(join(tmpdir(), 'rentas-pipeline-out-')));
    mkdirSync(out, { recursive: true });
    const kept = await keepOutputs(stack, out);
    say('');
    say(`Outputs kept in ${out} (${kept.length} file(s), one per key of the output bucket; moto_server is stopped):`);
    const shown = kept.filter((p) => /(report\.html|manifest\.json|\.db|\.error\.json)$/.test(p));
    for (const path of shown) say(`  ${path}`);
    return jobs.every((j) => j.exitCode === 0) && invalid === 0 && waitingFor === undefined ? 0 : 1;
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
