import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type StopPoint } from '../../batch-job/src/batch-job-run.js';
import { BASE_BATCH, HEADERS, tempDir } from '../helpers/etl.js';
import { Faults, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { type JobRun, runJob, uploadBatch } from '../helpers/job.js';
import { createBucket, describeE2E, motoClients, useMoto } from '../helpers/moto.js';

const WAREHOUSE = 'warehouse/rentas.db';

/** `count` rentals from id `first` over BASE_BATCH's two vehicles, points and clients, spread over six months. */
function rentals(first: number, count: number): Record<string, string> {
  const rows = Array.from({ length: count }, (_, i) => {
    const day = String(1 + (i % 27)).padStart(2, '0');
    const month = String(3 + (i % 6)).padStart(2, '0');
    return `${first + i},${1 + (i % 2)},${1 + ((i >> 1) % 2)},${1 + ((i >> 2) % 2)},${1 + (i % 2)},2024-${month}-${day} 09:00,2024-${month}-${day} 21:00,${500 + (i % 7) * 100}`;
  });
  return { 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` };
}

/** What the warehouse object holds, read as a consumer would: opened, checked and counted. */
interface WarehouseState {
  etag: string;
  sha256: string;
  integrity: string;
  foreignKeyErrors: number;
  rentas: number;
  /** SUM(total_rentas) of the aggregate: equals `rentas` when the aggregate is current. */
  aggregated: number;
  ledger: Record<string, number>;
}

/** Starts dist/job.js like `runJob`, but hands back the process so a test can kill it at a moment of its choosing. */
function startJob(env: Record<string, string>): { kill: () => void; done: Promise<Pick<JobRun, 'status' | 'signal' | 'logs'>> } {
  const child = spawn(process.execPath, ['dist/job.js'], { env: { ...process.env, NODE_NO_WARNINGS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<Pick<JobRun, 'status' | 'signal' | 'logs'>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({ status, signal, logs: out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) }),
    );
  });
  return { kill: () => child.kill('SIGKILL'), done };
}

describeE2E('crash safety of the Batch job: SIGKILL at each stage, then a re-run', () => {
  const moto = useMoto();
  let s3: S3Client;
  let input: string;
  let output: string;
  let env: Record<string, string>;
  let nextId = 10_000;
  const figures: string[] = [];

  beforeAll(async () => {
    s3 = motoClients(moto()).s3;
    input = await createBucket(s3);
    output = await createBucket(s3);
    env = { ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, LOG_LEVEL: 'INFO' };
    await uploadBatch(s3, input, 'base', BASE_BATCH);
    const seeded = await runJob({ ...env, BATCH_ID: 'base', WORK_DIR: tempDir() });
    expect(seeded.status, seeded.stdout + seeded.stderr).toBe(0);
  });

  afterAll(() => {
    if (figures.length > 0) console.info(`crash points (killed run → re-run):\n${figures.join('\n')}`);
  });

  async function get(key: string): Promise<{ etag: string; body: Buffer } | undefined> {
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: output, Key: key }));
      return { etag: res.ETag!, body: Buffer.from(await res.Body!.transformToByteArray()) };
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: output, Prefix: prefix }));
    return (res.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
  }

  async function warehouse(): Promise<WarehouseState> {
    const object = (await get(WAREHOUSE))!;
    const path = join(tempDir('crash-'), 'rentas.db');
    writeFileSync(path, object.body);
    const db = new Database(path, { readonly: true });
    try {
      return {
        etag: object.etag,
        sha256: createHash('sha256').update(object.body).digest('hex'),
        integrity: db.pragma('integrity_check', { simple: true }) as string,
        foreignKeyErrors: (db.pragma('foreign_key_check') as unknown[]).length,
        rentas: db.prepare('SELECT COUNT(*) FROM rentas').pluck().get() as number,
        aggregated: db.prepare('SELECT COALESCE(SUM(total_rentas), 0) FROM vehiculos_mas_reservados').pluck().get() as number,
        ledger: Object.fromEntries(
          (db.prepare('SELECT batch_id, COUNT(*) AS n FROM etl_lotes_aplicados GROUP BY batch_id').all() as { batch_id: string; n: number }[]).map((r) => [r.batch_id, r.n]),
        ),
      };
    } finally {
      db.close();
    }
  }

  /** Every output the manifest lists exists in the bucket with the bytes and checksum it states. */
  async function expectOutputsMatch(manifest: { outputs: { path: string; bytes: number; sha256: string }[] }): Promise<void> {
    for (const o of manifest.outputs) {
      const object = await get(o.path);
      expect(object, o.path).toBeDefined();
      expect({ path: o.path, bytes: object!.body.length, sha256: createHash('sha256').update(object!.body).digest('hex') }).toEqual({ path: o.path, bytes: o.bytes, sha256: o.sha256 });
    }
  }

  /** Re-runs the batch without any hook and checks that it comes out as if it had run once. */
  async function rerunAndCheck(batchId: string, count: number, before: WarehouseState): Promise<string> {
    const rerun = await runJob({ ...env, BATCH_ID: batchId, WORK_DIR: tempDir() });
    expect(rerun.status, rerun.stdout + rerun.stderr).toBe(0);
    const manifest = JSON.parse((await get(`batches/${batchId}/manifest.json`))!.body.toString('utf8'));
    expect(manifest).toMatchObject({ batchId, status: 'succeeded' });
    expect(manifest.tables.rentas).toMatchObject({ rowsRead: count, inserted: count, updated: 0, unchanged: 0, rejected: 0 });
    await expectOutputsMatch(manifest);

    const after = await warehouse();
    expect(after).toMatchObject({ integrity: 'ok', foreignKeyErrors: 0, rentas: before.rentas + count, aggregated: before.rentas + count });
    expect(after.ledger[batchId]).toBe(1);
    const path = rerun.logs.some((l) => l.message === 'batch already in the warehouse, manifest published') ? 'pending manifest published' : 'batch applied';
    return path;
  }

  const STAGES: { point: StopPoint; count: number; warehouse: 'unchanged' | 'complete'; left: string[] }[] = [
    { point: 'after-download', count: 200, warehouse: 'unchanged', left: [] },
    // 30 000 rentals are three 1 MiB read chunks: the kill comes after the first is inserted.
    { point: 'during-load', count: 30_000, warehouse: 'unchanged', left: [] },
    // A batch small against the warehouse publishes the aggregate's changes, not the whole table (contract §6).
    { point: 'after-exports', count: 200, warehouse: 'unchanged', left: ['report.html', 'top_vehiculos.csv', 'vehiculos_mas_reservados.cambios.csv'] },
    { point: 'before-warehouse-write', count: 200, warehouse: 'unchanged', left: ['manifest.pending.json', 'report.html', 'top_vehiculos.csv', 'vehiculos_mas_reservados.cambios.csv'] },
    { point: 'after-warehouse-write', count: 200, warehouse: 'complete', left: ['manifest.pending.json', 'report.html', 'top_vehiculos.csv', 'vehiculos_mas_reservados.cambios.csv'] },
  ];

  for (const stage of STAGES) {
    it(`leaves the warehouse ${stage.warehouse === 'unchanged' ? 'exactly as it was' : 'complete'} when killed ${stage.point}, and a re-run counts the batch once`, async () => {
      const batchId = `crash-${stage.point}`;
      await uploadBatch(s3, input, batchId, rentals(nextId, stage.count));
      nextId += stage.count;
      const before = await warehouse();

      const killed = await runJob({ ...env, BATCH_ID: batchId, WORK_DIR: tempDir(), RENTAS_TEST_STOP_AT: stage.point });

      expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
      const after = await warehouse();
      expect(after).toMatchObject({ integrity: 'ok', foreignKeyErrors: 0 });
      if (stage.warehouse === 'unchanged') {
        expect({ etag: after.etag, sha256: after.sha256 }).toEqual({ etag: before.etag, sha256: before.sha256 });
      } else {
        expect(after).toMatchObject({ rentas: before.rentas + stage.count, aggregated: before.rentas + stage.count });
        expect(after.ledger[batchId]).toBe(1);
      }
      // No manifest.json: nothing announces a batch that is not complete.
      expect(await keysUnder(`batches/${batchId}/`)).toEqual(stage.left);

      const path = await rerunAndCheck(batchId, stage.count, before);
      expect(path).toBe(stage.warehouse === 'complete' ? 'pending manifest published' : 'batch applied');
      figures.push(`  ${stage.point.padEnd(24)} warehouse ${stage.warehouse === 'unchanged' ? 'unchanged (same ETag)' : 'complete (batch in ledger)'}; left ${stage.left.length} object(s); re-run: ${path}, inserted ${stage.count}`);
    });
  }

  it('leaves the warehouse exactly as it was when killed while its PUT is in flight', async () => {
    const proxy: FaultProxy = await startFaultProxy(moto());
    try {
      const batchId = 'crash-during-warehouse-put';
      const count = 200;
      await uploadBatch(s3, input, batchId, rentals(nextId, count));
      nextId += count;
      const before = await warehouse();
      const job = startJob({ ...proxy.env, INPUT_BUCKET: input, OUTPUT_BUCKET: output, BATCH_ID: batchId, WORK_DIR: tempDir() });
      // Half the upload reaches moto, then the process dies with the request open.
      proxy.inject({ name: 'warehouse PUT stalled', method: 'PUT', path: new RegExp(`^/${output}/${WAREHOUSE}\\?`), fault: Faults.stall(32 * 1024), times: 1, onInject: job.kill });

      const killed = await job.done;

      expect(killed.signal).toBe('SIGKILL');
      expect(proxy.counts()).toEqual({ 'warehouse PUT stalled': 1 });
      const after = await warehouse();
      expect({ etag: after.etag, sha256: after.sha256, integrity: after.integrity }).toEqual({ etag: before.etag, sha256: before.sha256, integrity: 'ok' });
      expect(await keysUnder(`batches/${batchId}/`)).not.toContain('manifest.json');
      const path = await rerunAndCheck(batchId, count, before);
      figures.push(`  ${'during-warehouse-put'.padEnd(24)} warehouse unchanged (same ETag); re-run: ${path}, inserted ${count}`);
    } finally {
      await proxy.close();
    }
  });

  it('keeps the warehouse whole and the count exact whenever a timer kills the job', async () => {
    // Kill times spread over a whole run of the same size: wherever each lands, the warehouse
    // is as before or complete, and manifest.json only follows a complete one.
    const count = 2_000;
    await uploadBatch(s3, input, 'kill-timing', rentals(nextId, count));
    nextId += count;
    const started = performance.now();
    expect((await runJob({ ...env, BATCH_ID: 'kill-timing', WORK_DIR: tempDir() })).status).toBe(0);
    const runMs = performance.now() - started;
    const landed: string[] = [];
    for (const fraction of [0.3, 0.65, 0.9]) {
      const batchId = `kill-at-${Math.round(fraction * 100)}`;
      await uploadBatch(s3, input, batchId, rentals(nextId, count));
      nextId += count;
      const before = await warehouse();
      const killAfterMs = Math.round(runMs * fraction);

      const killed = await runJob({ ...env, BATCH_ID: batchId, WORK_DIR: tempDir() }, { killAfterMs });

      const after = await warehouse();
      expect(after).toMatchObject({ integrity: 'ok', foreignKeyErrors: 0 });
      const applied = after.etag !== before.etag;
      if (applied) expect(after).toMatchObject({ rentas: before.rentas + count, aggregated: before.rentas + count, ledger: { [batchId]: 1 } });
      else expect(after.sha256).toBe(before.sha256);
      const published = (await keysUnder(`batches/${batchId}/`)).includes('manifest.json');
      if (published) expect(applied).toBe(true);
      landed.push(`${killAfterMs} ms: ${killed.signal ?? `exit ${killed.status}`}, warehouse ${applied ? 'complete' : 'unchanged'}${published ? ', manifest published' : ''}`);

      await rerunAndCheck(batchId, count, before);
    }
    figures.push(`  timer kills (a run takes about ${Math.round(runMs)} ms):\n${landed.map((l) => `    ${l}`).join('\n')}`);
    // Seven job runs: about 20 s on a quiet 2-core machine, more while other files share it. The
    // stop points above cover each stage; these three land wherever the timing puts them.
  }, 180_000);
});
