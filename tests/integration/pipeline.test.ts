import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketNotificationConfigurationCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListJobsCommand } from '@aws-sdk/client-batch';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { expectValidNotifications } from '../helpers/notification-schemas.js';
import { createLocalStack, dropBatch, type LocalStack, settle } from '../../scripts/local-aws/pipeline.js';
import { notificationConfigurations } from '../../scripts/local-aws/template-stack.js';
import { functionProperties, readTemplate } from '../helpers/template.js';
import { BASE_BATCH, HEADERS, tempDir, writeBatch } from '../helpers/etl.js';
import { describeE2E, useMoto } from '../helpers/moto.js';

// moto queues an S3 event before the PUT returns, and settle runs each job to its end: a short
// quiet window cannot miss a late event.
const QUIET = { quietMs: 250 };

describeE2E('the whole event chain against moto (upload → check → Batch job → outputs → notifications)', () => {
  const moto = useMoto();
  let stack: LocalStack;
  const ran = new Set<string>();

  beforeAll(async () => {
    stack = await createLocalStack(moto());
  });

  const objectKeys = async (prefix: string) =>
    ((await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.outputBucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);

  const allJobs = async () => {
    let n = 0;
    for (const jobStatus of ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const) {
      n += (await stack.clients.batch.send(new ListJobsCommand({ jobQueue: stack.batch.jobQueueArn, jobStatus }))).jobSummaryList?.length ?? 0;
    }
    return n;
  };

  it('holds the S3 notifications and function environments of template.yaml', async () => {
    const template = readTemplate();
    const declared = notificationConfigurations(template, (id) => stack.triggers[id as keyof LocalStack['triggers']].arn);
    for (const [bucket, id] of [[stack.inputBucket, 'InputBucket'], [stack.outputBucket, 'OutputBucket']]) {
      const held = await stack.clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
      expect(held.QueueConfigurations, id).toEqual(declared[id]);
    }
    for (const [id, env] of Object.entries(stack.functionEnv)) {
      expect(Object.keys(env), id).toEqual(expect.arrayContaining(Object.keys(functionProperties(template, id).Environment.Variables)));
      expect(env.AWS_ENDPOINT_URL, id).toBe(moto().endpoint);
    }
  });

  it('turns a good batch in a folder with spaces and accents into batch.succeeded and one output.available per output', async () => {
    const batchId = 'Sucursal Mérida junio';
    await dropBatch(stack, writeBatch(BASE_BATCH), batchId);
    const { jobs, notifications } = await settle(stack, ran, QUIET);
    expectValidNotifications(notifications);

    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ batchId, exitCode: 0 });
    const types = notifications.map((n) => n.type).sort();
    expect(types).toEqual(['batch.succeeded', ...Array(4).fill('output.available')]);
    for (const n of notifications) expect(n.attributes).toEqual({ type: n.type, batchId });
    const outputs = notifications.filter((n) => n.type === 'output.available').map((n) => n.body.key);
    expect(outputs).toContain(`batches/${batchId}/report.html`);
    // The warehouse is announced with the version the batch wrote (null: the local bucket keeps no versions), never copied to the batch's folder.
    expect(notifications.find((n) => n.body.key === 'warehouse/rentas.db')?.body).toMatchObject({ kind: 'database', versionId: null });
    expect(await objectKeys(`batches/${batchId}/`)).toEqual(
      expect.arrayContaining([`batches/${batchId}/manifest.json`, `batches/${batchId}/vehiculos_mas_reservados.csv`]),
    );
    expect(await objectKeys(`batches/${batchId}/`)).not.toContain(`batches/${batchId}/rentas.db`);

    const db = await download('warehouse/rentas.db');
    expect(db.prepare('SELECT id_renta, duracion_renta FROM rentas ORDER BY id_renta').all()).toEqual([
      { id_renta: 1, duracion_renta: 2 },
      { id_renta: 2, duracion_renta: 1.5 },
      { id_renta: 3, duracion_renta: 9 },
    ]);
    db.close();
  });

  it('rejects a file with a bad header: file.rejected, an error report, no job', async () => {
    const before = await allJobs();
    const bad = BASE_BATCH['rentas.csv'].replace('id_cliente', 'cliente');
    await dropBatch(stack, writeBatch({ 'rentas.csv': bad }), 'lote-malo');
    const { jobs, notifications } = await settle(stack, ran, QUIET);
    expectValidNotifications(notifications);
    expect(jobs).toHaveLength(0);
    expect(await allJobs()).toBe(before);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      type: 'file.rejected',
      batchId: 'lote-malo',
      body: { key: 'incoming/lote-malo/rentas.csv', error: expect.stringContaining('rentas.csv line 1: missing required column id_cliente') },
    });
    expect(await objectKeys('rejected/lote-malo/')).toEqual(['rejected/lote-malo/rentas.csv.error.json']);
  });

  it('runs a _SUCCESS batch of rentals alone against the dimensions an earlier batch loaded', async () => {
    const dir = writeBatch({ 'rentas.csv': `${HEADERS.rentas}\n10,2,1,2,2,2024-05-01 08:00,2024-05-01 20:00,650\n` });
    await dropBatch(stack, dir, 'solo-rentas');
    await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.inputBucket, Key: 'incoming/solo-rentas/_SUCCESS', Body: '' }));
    const { jobs, notifications } = await settle(stack, ran, QUIET);
    expectValidNotifications(notifications);
    expect(jobs).toHaveLength(1);
    const done = notifications.find((n) => n.type === 'batch.succeeded')!;
    expect(done.body.tables).toMatchObject({ rentas: { inserted: 1, rejected: 0 }, vehiculos: { status: 'missing' } });
    const db = await download('warehouse/rentas.db');
    expect(db.prepare('SELECT COUNT(*) FROM rentas').pluck().get()).toBe(4);
    db.close();
  });

  async function download(key: string) {
    const res = await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.outputBucket, Key: key }));
    const path = join(tempDir(), 'downloaded.db');
    writeFileSync(path, await res.Body!.transformToByteArray());
    return new Database(path, { readonly: true });
  }
});
