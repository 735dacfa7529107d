import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { BASE_BATCH, HEADERS, tempDir } from '../helpers/etl.js';
import { runJob, uploadBatch } from '../helpers/job.js';
import { createBucket, describeE2E, motoClients, useMoto } from '../helpers/moto.js';

async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return res.Body!.transformToString();
}

async function warehouseRows(s3: S3Client, bucket: string, sql: string): Promise<unknown[]> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'warehouse/rentas.db' }));
  const path = join(tempDir(), 'w.db');
  writeFileSync(path, await res.Body!.transformToByteArray());
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** A batch of rentals only, with ids from `first`, relying on BASE_BATCH's dimensions. */
function rentalsBatch(first: number, count: number): Record<string, string> {
  const rows = Array.from({ length: count }, (_, i) => `${first + i},1,1,2,1,2024-03-01 10:00,2024-03-02 10:00,700`);
  return { 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` };
}

describeE2E('the Batch job (dist/job.js) against moto', () => {
  const moto = useMoto();
  let s3: S3Client;
  let input: string;
  let output: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    s3 = motoClients(moto()).s3;
    input = await createBucket(s3);
    output = await createBucket(s3);
    env = { ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, WORK_DIR: '' };
    await uploadBatch(s3, input, 'base', BASE_BATCH);
    const run = await runJob({ ...env, BATCH_ID: 'base', WORK_DIR: tempDir() });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('writes the warehouse, the batch outputs and the manifest last, with S3 keys in it', async () => {
    const manifest = JSON.parse(await getText(s3, output, 'batches/base/manifest.json'));
    expect(manifest).toMatchObject({ batchId: 'base', status: 'succeeded' });
    expect(manifest.outputs.map((o: { path: string }) => o.path)).toEqual([
      'batches/base/vehiculos_mas_reservados.csv',
      'batches/base/top_vehiculos.csv',
      'batches/base/report.html',
    ]);
    // The warehouse is named, not copied into the batch's folder (this bucket has no versioning).
    expect(manifest.warehouse).toMatchObject({ key: 'warehouse/rentas.db', versionId: null, sequence: 1 });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: output, Prefix: 'batches/base/' }));
    const sizes = new Map((listed.Contents ?? []).map((o) => [o.Key, o.Size]));
    for (const o of manifest.outputs) if (o.path.startsWith('batches/')) expect(sizes.get(o.path), o.path).toBe(o.bytes);
    expect(await warehouseRows(s3, output, 'SELECT COUNT(*) AS n FROM rentas')).toEqual([{ n: 3 }]);
  });

  it('logs JSON lines carrying batchId and jobId', async () => {
    const run = await runJob({ ...env, BATCH_ID: 'base', WORK_DIR: tempDir() });
    expect(run.status).toBe(0);
    expect(run.logs.length).toBeGreaterThan(2);
    for (const line of run.logs) expect(line).toMatchObject({ batchId: 'base', jobId: 'local' });
  });

  it('loads a rentals-only batch against the dimensions of an earlier batch', async () => {
    await uploadBatch(s3, input, 'solo-rentas', rentalsBatch(100, 5));
    const run = await runJob({ ...env, BATCH_ID: 'solo-rentas', WORK_DIR: tempDir() });
    expect(run.status, run.stdout).toBe(0);
    const manifest = JSON.parse(await getText(s3, output, 'batches/solo-rentas/manifest.json'));
    expect(manifest.tables.rentas).toMatchObject({ inserted: 5, rejected: 0 });
    expect(manifest.tables.vehiculos.status).toBe('missing');
  });

  it('keeps every batch when 4 jobs race for one warehouse, retrying the losers', async () => {
    const ids = ['race-a', 'race-b', 'race-c', 'race-d'];
    const before = (await warehouseRows(s3, output, 'SELECT COUNT(*) AS n FROM rentas')) as { n: number }[];
    for (const [i, id] of ids.entries()) await uploadBatch(s3, input, id, rentalsBatch(1000 + i * 100, 50));
    const runs = await Promise.all(ids.map((id) => runJob({ ...env, BATCH_ID: id, WORK_DIR: tempDir() })));
    for (const run of runs) expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(await warehouseRows(s3, output, 'SELECT COUNT(*) AS n FROM rentas')).toEqual([{ n: before[0].n + 200 }]);
    const retries = runs.flatMap((r) => r.logs).filter((l) => l.message === 'warehouse changed by another job, re-applying the batch');
    console.info(`4 concurrent jobs: ${retries.length} re-applications after a lost race`);
  });

  it('exits 2 with one log line when BATCH_ID is missing', async () => {
    const run = await runJob({ ...env, BATCH_ID: '', WORK_DIR: tempDir() });
    expect(run.status).toBe(2);
    expect(run.logs).toEqual([expect.objectContaining({ level: 'ERROR', message: 'job not started', code: 'CONFIG_INVALID', error: expect.stringContaining('BATCH_ID is not set') })]);
  });
});
