import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListJobsCommand, type BatchClient, type JobStatus } from '@aws-sdk/client-batch';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobNameFor } from '../../common/keys.js';
import { createHandler, portsFromEnv } from '../../functions/validate-upload/index.js';
import type { RecordSummary } from '../../functions/validate-upload/validate-upload.js';
import { runNode } from '../helpers/cli.js';
import { BASE_BATCH, HEADERS, tempDir, writeBatch } from '../helpers/etl.js';
import { useLogLines } from '../helpers/log-lines.js';
import {
  applyMotoEnv,
  connectBucketToQueue,
  createBatchQueue,
  createBucket,
  createQueue,
  describeE2E,
  motoClients,
  receiveS3EventRecords,
  useMoto,
  type MotoClients,
} from '../helpers/moto.js';
import { RAW_CONTROLS } from '../helpers/terminal.js';

// The upload handler's log lines are asserted on: it logs at INFO here, held back from the output.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'INFO';
});

/** Sequences a terminal obeys: a window title (OSC ... BEL), a colour, a one-byte CSI, a right-to-left override. */
const TITLE = '\x1b]0;pwned\x07';
const RED = '\x1b[31m';
const CSI = '\u009b';
const RLO = '\u202e';

const HOSTILE_BATCH = {
  ...BASE_BATCH,
  'vehiculos.csv': `${HEADERS.vehiculos},"notas${CSI}2J${RLO}"
1,"${TITLE}Nissan","${RED}Versa${RLO}",2020,Sedán,5,Rojo,12000,Disponible,x
2,BMW,X1,2022,SUV,5,Negro,5000.5,Disponible,y
`,
};
const HOSTILE_BATCH_ID = `lote${RED}${RLO}1`;

const PATHS: [string, string[]][] = [
  ['parsing in a worker', []],
  ['with --no-worker', ['--no-worker']],
];

/** The warehouse opens, passes integrity_check, and holds `rentas` rentals; no build copy, journal or temp file is left. */
function expectWarehouseIntact(out: string, rentas: number): void {
  const db = new Database(join(out, 'rentas.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM rentas').pluck().get()).toBe(rentas);
  } finally {
    db.close();
  }
  expect(readdirSync(out).filter((n) => /\.build-|-wal$|-shm$|\.tmp/.test(n))).toEqual([]);
}

describe('the command line shows data from the files and the batch id escaped', () => {
  it.each(PATHS)('escapes brands, models, extra column names and the batch id in the summary, %s', (_, flags) => {
    const out = tempDir();

    const { status, stdout, stderr } = runNode('cli', ['--input', writeBatch(HOSTILE_BATCH), '--out', out, '--batch-id', HOSTILE_BATCH_ID, ...flags]);

    expect(status).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stderr).not.toMatch(RAW_CONTROLS);
    expect(stdout).toContain('Batch lote\\x1b[31m\\u202e1: succeeded');
    expect(stdout).toContain('warning: vehiculos.csv: extra column ignored: notas\\x9b2J\\u202e.');
    // The columns line up on the text as shown: the marca column is as wide as its escaped value.
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.startsWith('#  id  marca'))!;
    const row = lines.find((l) => l.includes('Nissan'))!;
    expect(row).toMatch(/^1\s+1\s+\\x1b\]0;pwned\\x07Nissan {2}\\x1b\[31mVersa\\u202e {2}2020/);
    expect(header.indexOf('modelo')).toBe(row.indexOf('\\x1b[31mVersa'));
    expectWarehouseIntact(out, 3);
  });

  it.each(PATHS)("escapes a rejected file's sentence on stderr and exits 1, %s", (_, flags) => {
    const out = tempDir();
    const input = writeBatch({ ...HOSTILE_BATCH, 'clientes.csv': `id_cliente,"nombre${TITLE}",correo\n1,a,b\n` });

    const { status, stdout, stderr } = runNode('cli', ['--input', input, '--out', out, ...flags]);

    expect(status).toBe(1);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stderr).not.toMatch(RAW_CONTROLS);
    // The first sentence is the rejected file's; the rentals, left without clients, each get one too.
    expect(stderr.split('\n')[0]).toMatch(/^etl: clientes\.csv line 1: missing required columns .*, found id_cliente, nombre\\x1b\]0;pwned\\x07, correo\.$/);
    expect(stdout).toContain('error: clientes.csv line 1: missing required columns');
    expectWarehouseIntact(out, 0);
  });

  it('writes --json with control and bidi characters as \\u escapes, parsing to the exact values', () => {
    const { status, stdout } = runNode('cli', ['--input', writeBatch(HOSTILE_BATCH), '--out', tempDir(), '--batch-id', HOSTILE_BATCH_ID, '--json']);

    expect(status).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    const manifest = JSON.parse(stdout) as { batchId: string; top: { marca: string; modelo: string }[] };
    expect(manifest.batchId).toBe(HOSTILE_BATCH_ID);
    expect(manifest.top.map((v) => [v.marca, v.modelo])).toContainEqual([`${TITLE}Nissan`, `${RED}Versa${RLO}`]);
  });

  it('escapes a batch id in a failure sentence', () => {
    const { status, stderr } = runNode('cli', ['--input', join(tempDir(), `falta${RED}`), '--out', tempDir()]);

    expect(status).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROLS);
    expect(stderr).toContain('falta\\x1b[31m: expected a folder');
  });
});

describe('the table settings refuse names SQLite keeps for itself', () => {
  // The settings are checked before the worker is chosen: one path each, both for one of them.
  // Case variants and every other keyword are covered by tests/unit/config.test.ts.
  it.each([
    ['sqlite_master', [], 'names starting with sqlite_ belong to SQLite itself'],
    ['group', [], 'it is an SQL keyword of SQLite; choose another table name'],
    ['group', ['--no-worker'], 'it is an SQL keyword of SQLite; choose another table name'],
    ['Order', [], 'it is an SQL keyword of SQLite; choose another table name'],
  ])('RENTAS_TABLE=%s %j: exit 2, one sentence naming the setting, nothing written', (value, flags, why) => {
    const out = join(tempDir(), 'never');

    const { status, stdout, stderr } = runNode('cli', ['--input', writeBatch(BASE_BATCH), '--out', out, ...flags], { RENTAS_TABLE: value });

    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`etl: RENTAS_TABLE cannot be "${value}": ${why}.\n`);
    expect(existsSync(out)).toBe(false);
  });
});

const JOB_STATUSES: JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];

async function jobsNamed(batch: BatchClient, jobQueue: string, jobName: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const jobStatus of JOB_STATUSES) {
    const listed = await batch.send(new ListJobsCommand({ jobQueue, jobStatus }));
    for (const job of listed.jobSummaryList ?? []) if (job.jobName === jobName && job.jobId) ids.add(job.jobId);
  }
  return [...ids];
}

describeE2E('the upload check against moto, off the happy path', () => {
  const moto = useMoto();
  const logs = useLogLines();
  let clients: MotoClients;
  let restoreEnv: () => void;
  let input: string;
  let output: string;
  let queueUrl: string;
  let jobQueue: string;
  let handler: (event: unknown) => Promise<RecordSummary[]>;

  beforeAll(async () => {
    clients = motoClients(moto());
    restoreEnv = applyMotoEnv(moto().env);
    input = await createBucket(clients.s3);
    output = await createBucket(clients.s3);
    const queue = await createQueue(clients.sqs);
    queueUrl = queue.url;
    await connectBucketToQueue(clients.s3, clients.sqs, input, queue, { prefix: 'incoming/' });
    const setup = await createBatchQueue(moto(), clients.batch);
    jobQueue = setup.jobQueueArn;
    const env = { ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, JOB_QUEUE: jobQueue, JOB_DEFINITION: setup.jobDefinitionArn };
    const made = createHandler(() => portsFromEnv(env));
    handler = (event) => made(event as Parameters<typeof made>[0]);
  });
  afterAll(() => restoreEnv?.());

  async function upload(batchId: string, files: Record<string, string | Buffer>) {
    for (const [file, body] of Object.entries(files)) {
      await clients.s3.send(new PutObjectCommand({ Bucket: input, Key: `incoming/${batchId}/${file}`, Body: body }));
    }
    return receiveS3EventRecords(clients.sqs, queueUrl, { expected: Object.keys(files).length, timeoutMs: 10_000 });
  }

  it('submits the batch once although a malformed record and a bad rentas.csv.gz share the event', async () => {
    const records = await upload('con-gz', { ...BASE_BATCH, 'rentas.csv.gz': 'not gzip at all' });

    const { result, lines } = await logs.during(() => handler({ Records: [null, ...records, { s3: { object: {} } }] }));

    expect(result[0]).toMatchObject({ outcome: 'malformed', code: 'EVENT_RECORD_MALFORMED' });
    expect(result.at(-1)).toMatchObject({ outcome: 'malformed', code: 'EVENT_RECORD_MALFORMED' });
    const byFile = Object.fromEntries(result.filter((s) => s.file).map((s) => [s.file, s.outcome]));
    expect(byFile['rentas.csv.gz']).toBe('rejected');
    expect(Object.values(byFile).filter((o) => o === 'submitted')).toHaveLength(1);
    expect(await jobsNamed(clients.batch, jobQueue, jobNameFor('con-gz'))).toHaveLength(1);
    expect(lines.filter((l) => l.message === 'record malformed')).toEqual([
      expect.objectContaining({ level: 'ERROR', code: 'EVENT_RECORD_MALFORMED', reason: 'record 1 of 7 of the event is null, not an S3 record; skipped.' }),
      expect.objectContaining({ level: 'ERROR', code: 'EVENT_RECORD_MALFORMED', reason: 'record 7 of 7 of the event has no s3.object.key; skipped.' }),
    ]);
    const error = await clients.s3.send(new GetObjectCommand({ Bucket: output, Key: 'rejected/con-gz/rentas.csv.gz.error.json' }));
    expect(JSON.parse(await error.Body!.transformToString())).toMatchObject({ file: 'rentas.csv.gz', code: 'FILE_UNREADABLE' });
  });

  it('logs a batch id with a bidi override escaped', async () => {
    const batchId = `lote${RLO}fdp.exe`;
    const records = await upload(batchId, { 'vehiculos.csv': BASE_BATCH['vehiculos.csv'] });

    const { result, lines } = await logs.during(() => handler({ Records: records }));

    expect(result).toEqual([expect.objectContaining({ outcome: 'accepted', batchId })]);
    expect(lines).toEqual([expect.objectContaining({ message: 'file accepted', batchId: 'lote\\u202efdp.exe', key: 'incoming/lote\\u202efdp.exe/vehiculos.csv' })]);
  });
});
