import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBatchJob } from '../../batch-job/src/batch-job-run.js';
import { s3JobStore, WAREHOUSE_MULTIPART_DEFAULT } from '../../batch-job/src/aws/s3-job-store.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { readJobConfig } from '../../batch-job/src/job-config.js';
import type { Manifest } from '../../common/manifest.js';
import { manifestNotifications } from '../../functions/index-output/messages.js';
import { BASE_BATCH, HEADERS, tempDir } from '../helpers/etl.js';
import { runJob, uploadBatch } from '../helpers/job.js';
import { createBucket, describeE2E, motoClients, useMoto } from '../helpers/moto.js';
import { readTemplate } from '../helpers/template.js';

const WAREHOUSE = 'warehouse/rentas.db';
const MiB = 1 << 20;
const sha256 = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');

/** `count` rentals from id `first`, on BASE_BATCH's dimensions. */
function rentals(first: number, count: number): Record<string, string> {
  const rows = Array.from({ length: count }, (_, i) => `${first + i},${1 + (i % 2)},1,${1 + (i % 2)},${1 + (i % 2)},2024-0${1 + (i % 9)}-01 10:00,2024-0${1 + (i % 9)}-02 10:00,${700 + (i % 50)}`);
  return { 'rentas.csv': `${HEADERS.rentas}\n${rows.join('\n')}\n` };
}

/**
 * An S3 client that records the headers of every request it builds, by command, and can answer
 * one command with an error of its own instead of sending it (a failed condition that moto does
 * not check).
 */
function recordingClient(s3: S3Client, refuse?: { command: string; status: number; name: string }) {
  const sent: { command: string; headers: Record<string, string> }[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      sent.push({ command: context.commandName ?? '', headers: { ...request.headers } });
      if (refuse && context.commandName === refuse.command) {
        throw Object.assign(new Error(`${refuse.name} (test)`), { name: refuse.name, $metadata: { httpStatusCode: refuse.status } });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return sent;
}

describe('the warehouse settings of the Batch job', () => {
  const base = { BATCH_ID: 'b', INPUT_BUCKET: 'i', OUTPUT_BUCKET: 'o' };

  it('writes the warehouse in parts from just under 5 GB by default, and reads WAREHOUSE_MULTIPART_BYTES', () => {
    expect(readJobConfig(base).warehouseMultipartBytes).toBe(WAREHOUSE_MULTIPART_DEFAULT);
    expect(WAREHOUSE_MULTIPART_DEFAULT).toBeLessThan(5 * 2 ** 30);
    expect(readJobConfig({ ...base, WAREHOUSE_MULTIPART_BYTES: '11534336' }).warehouseMultipartBytes).toBe(11 * MiB);
  });

  it('refuses a threshold below two 5 MiB parts or above a single PUT, naming the setting', () => {
    expect(() => readJobConfig({ ...base, WAREHOUSE_MULTIPART_BYTES: '1000' })).toThrow(
      'WAREHOUSE_MULTIPART_BYTES must be a whole number from 10485760 to 5368709120, got "1000".',
    );
  });

  it('is a template parameter passed to the job, and the job role may read the warehouse versions', () => {
    const template = readTemplate();
    expect(template.Parameters.WarehouseMultipartBytes.Default).toBe(String(WAREHOUSE_MULTIPART_DEFAULT));
    const env = template.Resources.JobDefinition.Properties.ContainerProperties.Environment;
    expect(env).toContainEqual({ Name: 'WAREHOUSE_MULTIPART_BYTES', Value: { Ref: 'WarehouseMultipartBytes' } });
    const statements = template.Resources.JobRole.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement);
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObjectVersion', 's3:ListBucketVersions', 's3:AbortMultipartUpload']));
  });
});

describeE2E('the warehouse version on AWS (contract §5), against moto', () => {
  const moto = useMoto();
  let s3: S3Client;
  let input: string;
  let output: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    s3 = motoClients(moto()).s3;
    input = await createBucket(s3);
    output = await createBucket(s3);
    await s3.send(new PutBucketVersioningCommand({ Bucket: output, VersioningConfiguration: { Status: 'Enabled' } }));
    env = { ...moto().env, INPUT_BUCKET: input, OUTPUT_BUCKET: output };
    await uploadBatch(s3, input, 'base', BASE_BATCH);
    const run = await runJob({ ...env, BATCH_ID: 'base', WORK_DIR: tempDir() });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  const manifestOf = async (batchId: string, key = 'manifest.json'): Promise<Manifest> =>
    JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: output, Key: `batches/${batchId}/${key}` }))).Body!.transformToString());
  const getVersion = async (versionId?: string) => {
    const res = await s3.send(new GetObjectCommand({ Bucket: output, Key: WAREHOUSE, VersionId: versionId }));
    return { versionId: res.VersionId, metadata: res.Metadata, body: await res.Body!.transformToByteArray() };
  };

  it('names the version S3 gave the write, with the batch id and sha256 in its metadata, and keeps no copy in the batch folder', async () => {
    const manifest = await manifestOf('base');
    const head = await s3.send(new HeadObjectCommand({ Bucket: output, Key: WAREHOUSE }));
    expect(manifest.warehouse).toEqual({ key: WAREHOUSE, versionId: head.VersionId, bytes: head.ContentLength, sha256: expect.any(String), sequence: 1 });
    expect(head.Metadata).toEqual({ 'batch-id': 'base', sha256: manifest.warehouse!.sha256 });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: output, Prefix: 'batches/base/' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).not.toContain('batches/base/rentas.db');
    expect(manifest.outputs.map((o) => o.kind)).not.toContain('database');
  });

  it('is the version a consumer reads with GetObject VersionId, even after later batches, and its notification carries it', async () => {
    await uploadBatch(s3, input, 'later', rentals(1000, 5));
    // What an earlier release left in the batch's folder goes: the folder holds this run's outputs.
    await s3.send(new PutObjectCommand({ Bucket: output, Key: 'batches/later/rentas.db', Body: 'a copy of the warehouse' }));
    expect((await runJob({ ...env, BATCH_ID: 'later', WORK_DIR: tempDir() })).status).toBe(0);
    const later = await s3.send(new ListObjectsV2Command({ Bucket: output, Prefix: 'batches/later/' }));
    expect((later.Contents ?? []).map((o) => o.Key)).not.toContain('batches/later/rentas.db');
    const { warehouse } = await manifestOf('base');

    const old = await getVersion(warehouse!.versionId!);
    expect({ bytes: old.body.length, sha256: sha256(old.body) }).toEqual({ bytes: warehouse!.bytes, sha256: warehouse!.sha256 });
    expect((await getVersion()).versionId).not.toBe(warehouse!.versionId);

    const ctx = { bucket: output, key: 'batches/base/manifest.json', batchId: 'base', occurredAt: '2026-12-01T00:00:00.000Z' };
    const announced = manifestNotifications(await manifestOf('base'), ctx).filter((n) => n.type === 'output.available');
    expect(announced.find((n) => n.key === WAREHOUSE)).toMatchObject({ kind: 'database', versionId: warehouse!.versionId, sha256: warehouse!.sha256 });
  });

  it('is recovered by a re-run after a kill between the warehouse write and the manifest, from the current version or an older one', async () => {
    await uploadBatch(s3, input, 'killed-año 1', rentals(2000, 5));
    const killed = await runJob({ ...env, BATCH_ID: 'killed-año 1', WORK_DIR: tempDir(), RENTAS_TEST_STOP_AT: 'after-warehouse-write' });
    expect(killed.signal).toBe('SIGKILL');
    const written = await getVersion();
    expect(written.metadata).toMatchObject({ 'batch-id': encodeURIComponent('killed-año 1') });
    // Another batch replaces the warehouse before the re-run: the version is an older one now.
    await uploadBatch(s3, input, 'meanwhile', rentals(3000, 5));
    expect((await runJob({ ...env, BATCH_ID: 'meanwhile', WORK_DIR: tempDir() })).status).toBe(0);

    const rerun = await runJob({ ...env, BATCH_ID: 'killed-año 1', WORK_DIR: tempDir() });

    expect(rerun.status, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.logs.map((l) => l.message)).toContain('batch already in the warehouse, manifest published');
    const manifest = await manifestOf('killed-año 1');
    expect(manifest.warehouse).toMatchObject({ versionId: written.versionId, sha256: sha256(written.body) });
    expect(manifest.warnings).toBeUndefined();
  });

  describe('a warehouse above WAREHOUSE_MULTIPART_BYTES', () => {
    const options = { warehouseMultipartBytes: 10 * MiB, partBytes: 5 * MiB };
    let bigFile: string;

    beforeAll(() => {
      // Not SQLite: putWarehouseIf writes whatever file it is given.
      bigFile = join(tempDir('big-'), 'rentas.db');
      writeFileSync(bigFile, Buffer.alloc(11 * MiB, 7));
    });

    const uploadsLeft = async (bucket: string) => (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];

    it('goes up in 5 MiB parts completed with If-None-Match: * when it is new, stamped and versioned', async () => {
      const bucket = await createBucket(s3);
      await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      const client = motoClients(moto()).s3;
      const sent = recordingClient(client);
      const store = s3JobStore(client, { input, output: bucket }, options);

      const result = await store.putWarehouseIf(WAREHOUSE, bigFile, { ifNoneMatch: '*' }, { batchId: 'grande', sha256: 'f'.repeat(64) });

      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: WAREHOUSE }));
      expect(result).toEqual({ versionId: head.VersionId });
      expect(head).toMatchObject({ ContentLength: 11 * MiB, Metadata: { 'batch-id': 'grande', sha256: 'f'.repeat(64) } });
      expect(sent.filter((r) => r.command === 'UploadPartCommand')).toHaveLength(3);
      expect(sent.filter((r) => r.command === 'PutObjectCommand')).toHaveLength(0);
      expect(sent.find((r) => r.command === 'CompleteMultipartUploadCommand')?.headers).toMatchObject({ 'if-none-match': '*' });
    });

    it('writes nothing and leaves no upload when the warehouse appeared meanwhile (If-None-Match: *, checked by moto)', async () => {
      const bucket = await createBucket(s3);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: WAREHOUSE, Body: 'the other job' }));
      const store = s3JobStore(s3, { input, output: bucket }, options);

      const result = await store.putWarehouseIf(WAREHOUSE, bigFile, { ifNoneMatch: '*' }, { batchId: 'late', sha256: 'a'.repeat(64) });

      expect(result).toBe('conflict');
      expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: WAREHOUSE }))).Body!.transformToString()).toBe('the other job');
      expect(await uploadsLeft(bucket)).toEqual([]);
    });

    it('completes with If-Match the downloaded ETag, and on 412 writes nothing and aborts the upload (the request as built: moto ignores If-Match there)', async () => {
      const bucket = await createBucket(s3);
      const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: WAREHOUSE, Body: 'version 1' }));
      const client = motoClients(moto()).s3;
      const sent = recordingClient(client, { command: 'CompleteMultipartUploadCommand', status: 412, name: 'PreconditionFailed' });
      const store = s3JobStore(client, { input, output: bucket }, options);

      const result = await store.putWarehouseIf(WAREHOUSE, bigFile, { ifMatch: first.ETag! }, { batchId: 'lost', sha256: 'b'.repeat(64) });

      expect(result).toBe('conflict');
      expect(sent.find((r) => r.command === 'CompleteMultipartUploadCommand')?.headers).toMatchObject({ 'if-match': first.ETag });
      expect(sent.find((r) => r.command === 'CompleteMultipartUploadCommand')?.headers).not.toHaveProperty('if-none-match');
      expect(sent.map((r) => r.command)).toContain('AbortMultipartUploadCommand');
      expect(await uploadsLeft(bucket)).toEqual([]);
      expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: WAREHOUSE }))).Body!.transformToString()).toBe('version 1');
    });

    it('is written by a whole batch run, whose manifest names the version', async () => {
      const bucket = await createBucket(s3);
      await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      await uploadBatch(s3, input, 'partes', BASE_BATCH);
      const client = motoClients(moto()).s3;
      const sent = recordingClient(client);
      // Every warehouse goes up in parts here: the threshold is below the smallest one.
      const store = s3JobStore(client, { input, output: bucket }, { warehouseMultipartBytes: 1, partBytes: 5 * MiB });

      const { manifest } = await runBatchJob({ batchId: 'partes', config: loadConfig({}), store, workDir: tempDir() });

      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: WAREHOUSE }));
      expect(manifest.warehouse).toMatchObject({ versionId: head.VersionId, bytes: head.ContentLength });
      expect(sent.map((r) => r.command)).toContain('CompleteMultipartUploadCommand');
    });
  });
});
