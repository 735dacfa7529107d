import { DescribeJobsCommand, ListJobsCommand, SubmitJobCommand } from '@aws-sdk/client-batch';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  E2E_SKIP_MESSAGE,
  applyMotoEnv,
  connectBucketToQueue,
  createBatchQueue,
  createBucket,
  createQueue,
  describeE2E,
  motoClients,
  receiveS3EventRecords,
  startMoto,
  useMoto,
} from '../helpers/moto.js';
import { readAwsSettings, s3Client } from '../../common/aws-clients.js';

describe('e2e switch', () => {
  it('explains how to install moto_server when it skips', () => {
    expect(E2E_SKIP_MESSAGE).toContain("pip install 'moto[server]'");
    expect(E2E_SKIP_MESSAGE).toContain('REQUIRE_E2E=1');
  });
});

describeE2E('moto harness', () => {
  describe('lifecycle', () => {
    it('starts a server that answers and stops it', async () => {
      const server = await startMoto();
      const { s3 } = motoClients(server);
      await expect(s3.send(new ListBucketsCommand({}))).resolves.toBeDefined();
      expect(server.env).toMatchObject({
        AWS_ENDPOINT_URL: server.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: 'us-east-1',
      });

      await server.stop();
      await server.stop();

      await expect(fetch(`${server.endpoint}/moto-api/`)).rejects.toThrow();
    });
  });

  describe('services', () => {
    const moto = useMoto();

    it('points the shared SDK clients at moto through applyMotoEnv', async () => {
      const restore = applyMotoEnv(moto().env);
      try {
        const bucket = await createBucket(s3Client(readAwsSettings(process.env)));
        const { s3 } = motoClients(moto());
        const listed = await s3.send(new ListBucketsCommand({}));
        expect(listed.Buckets?.map((b) => b.Name)).toContain(bucket);
      } finally {
        restore();
      }
    });

    it('puts and gets an object, and a ranged GET returns only the range', async () => {
      const { s3 } = motoClients(moto());
      const bucket = await createBucket(s3);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: '0123456789' }));

      const whole = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' }));
      const part = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt', Range: 'bytes=2-4' }));

      expect(await whole.Body!.transformToString()).toBe('0123456789');
      expect(await part.Body!.transformToString()).toBe('234');
      expect(part.ContentRange).toBe('bytes 2-4/10');
      expect(part.$metadata.httpStatusCode).toBe(206);
    });

    it('refuses a second PutObject with IfNoneMatch * with 412 PreconditionFailed', async () => {
      const { s3 } = motoClients(moto());
      const bucket = await createBucket(s3);
      const put = () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'lock', Body: 'x', IfNoneMatch: '*' }));

      await put();
      const second = await put().catch((err: unknown) => err);

      expect(second).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    });

    it('sends an S3 notification to SQS with the key URL-encoded (spaces as +, accents as %XX)', async () => {
      const { s3, sqs } = motoClients(moto());
      const bucket = await createBucket(s3);
      const queue = await createQueue(sqs);
      await connectBucketToQueue(s3, sqs, bucket, queue, { prefix: 'incoming/' });
      const key = 'incoming/lote 1 año/vehículos+extra.csv';

      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'id_vehiculo\n' }));
      const records = await receiveS3EventRecords(sqs, queue.url);

      expect(records).toHaveLength(1);
      const [record] = records;
      expect(record.eventName).toBe('ObjectCreated:Put');
      expect(record.s3.bucket.name).toBe(bucket);
      expect(record.s3.object.size).toBe(12);
      // moto also encodes the slashes (quote_plus); real S3 leaves them: decode before splitting.
      expect(record.s3.object.key).toBe('incoming%2Flote+1+a%C3%B1o%2Fveh%C3%ADculos%2Bextra.csv');
      expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).toBe(key);
    });

    it('does not notify for keys outside the filter prefix', async () => {
      const { s3, sqs } = motoClients(moto());
      const bucket = await createBucket(s3);
      const queue = await createQueue(sqs);
      await connectBucketToQueue(s3, sqs, bucket, queue, { prefix: 'incoming/' });

      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other/x.csv', Body: 'x' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/b/y.csv', Body: 'y' }));
      const records = await receiveS3EventRecords(sqs, queue.url, { expected: 2, timeoutMs: 2_500 });

      expect(records.map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')))).toEqual(['incoming/b/y.csv']);
    });

    it('creates a Batch job queue on which SubmitJob and ListJobs work', async () => {
      const { batch } = motoClients(moto());
      const setup = await createBatchQueue(moto(), batch);

      const submitted = await batch.send(
        new SubmitJobCommand({
          jobName: 'etl-lote-1',
          jobQueue: setup.jobQueueArn,
          jobDefinition: setup.jobDefinitionArn,
          containerOverrides: { environment: [{ name: 'BATCH_ID', value: 'lote 1' }] },
        }),
      );
      const listed = await batch.send(new ListJobsCommand({ jobQueue: setup.jobQueueArn, jobStatus: 'SUCCEEDED' }));
      const described = await batch.send(new DescribeJobsCommand({ jobs: [submitted.jobId!] }));

      expect(submitted.jobId).toMatch(/^[0-9a-f-]{36}$/);
      expect(listed.jobSummaryList?.map((j) => j.jobId)).toEqual([submitted.jobId]);
      const job = described.jobs![0];
      expect(job.status).toBe('SUCCEEDED');
      expect(job.container?.environment).toContainEqual({ name: 'BATCH_ID', value: 'lote 1' });
    });
  });

  describe('Batch jobs that fail', () => {
    const moto = useMoto({ batchJobsFail: true });

    it('marks submitted jobs FAILED when started with batchJobsFail', async () => {
      const { batch } = motoClients(moto());
      const setup = await createBatchQueue(moto(), batch);

      const submitted = await batch.send(
        new SubmitJobCommand({ jobName: 'etl-x', jobQueue: setup.jobQueueArn, jobDefinition: setup.jobDefinitionArn }),
      );
      const listed = await batch.send(new ListJobsCommand({ jobQueue: setup.jobQueueArn, jobStatus: 'FAILED' }));

      expect(listed.jobSummaryList?.map((j) => j.jobId)).toEqual([submitted.jobId]);
    });
  });
});
