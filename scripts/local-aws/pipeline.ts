import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { DescribeJobsCommand, ListJobsCommand, RegisterJobDefinitionCommand, type JobDetail } from '@aws-sdk/client-batch';
import { PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { SETTINGS } from '../../batch-job/src/core/config.js';
import { makeHandler, portsFromEnv as indexerPorts } from '../../functions/index-output/index.js';
import { createHandler } from '../../functions/validate-upload/index.js';
import {
  type BatchSetup,
  createBatchQueue,
  createBucket,
  createQueue,
  type MotoClients,
  motoClients,
  type MotoServer,
  type QueueRef,
  receiveMessages,
  uniqueName,
} from './moto.js';

/** Everything the pipeline's template creates, made in moto instead of CloudFormation. */
export interface LocalStack {
  readonly server: MotoServer;
  readonly clients: MotoClients;
  readonly inputBucket: string;
  readonly outputBucket: string;
  /** S3 notifications of the input bucket (what invokes the upload check on AWS). */
  readonly inputEvents: QueueRef;
  /** S3 notifications of the output bucket (what invokes the output indexer on AWS). */
  readonly outputEvents: QueueRef;
  readonly notifications: QueueRef;
  readonly batch: BatchSetup;
  /** The functions' environment, as template.yaml sets it, plus the local endpoint. */
  readonly functionEnv: Record<string, string>;
}

export interface JobRun {
  readonly jobId: string;
  readonly jobName: string;
  readonly batchId: string;
  readonly exitCode: number | null;
  readonly output: string;
}

export interface Notification {
  readonly type: string;
  readonly batchId: string;
  readonly attributes: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/**
 * Creates the buckets, queues and Batch queue of template.yaml in moto, and wires the same
 * S3 event filters to SQS queues (moto cannot invoke a Lambda; the queues hold the real S3
 * event records, which `settle` hands to the real handlers).
 */
export async function createLocalStack(server: MotoServer): Promise<LocalStack> {
  const clients = motoClients(server);
  const { s3, sqs, batch } = clients;
  const inputBucket = await createBucket(s3, uniqueName('rentas-input'));
  const outputBucket = await createBucket(s3, uniqueName('rentas-output'));
  const inputEvents = await createQueue(sqs, uniqueName('input-events'));
  const outputEvents = await createQueue(sqs, uniqueName('output-events'));
  const notifications = await createQueue(sqs, uniqueName('notifications'));
  const setup = await createBatchQueue(server, batch, uniqueName('rentas-etl'));
  const jobEnv = { INPUT_BUCKET: inputBucket, OUTPUT_BUCKET: outputBucket, LOG_LEVEL: 'INFO', ...SETTINGS };
  const def = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: uniqueName('rentas-etl-job'),
      type: 'container',
      containerProperties: {
        image: 'rentas-etl:local',
        vcpus: 1,
        memory: 4096,
        command: ['node', 'dist/job.js'],
        environment: Object.entries(jobEnv).map(([name, value]) => ({ name, value })),
      },
    }),
  );
  const rule = (prefix: string, suffix: string) => ({ Key: { FilterRules: [{ Name: 'prefix' as const, Value: prefix }, { Name: 'suffix' as const, Value: suffix }] } });
  const created = ['s3:ObjectCreated:*' as const];
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: inputBucket,
      NotificationConfiguration: {
        QueueConfigurations: ['.csv', '.csv.gz', '_SUCCESS'].map((suffix) => ({ QueueArn: inputEvents.arn, Events: created, Filter: rule('incoming/', suffix) })),
      },
    }),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: outputBucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          { QueueArn: outputEvents.arn, Events: created, Filter: rule('batches/', 'manifest.json') },
          { QueueArn: outputEvents.arn, Events: created, Filter: rule('rejected/', '.error.json') },
        ],
      },
    }),
  );
  // Putting a configuration sends one s3:TestEvent per queue; drop them.
  await receiveMessages(sqs, inputEvents.url, { timeoutMs: 1_500 });
  await receiveMessages(sqs, outputEvents.url, { timeoutMs: 1_500 });
  return {
    server,
    clients,
    inputBucket,
    outputBucket,
    inputEvents,
    outputEvents,
    notifications,
    batch: { ...setup, jobDefinitionArn: def.jobDefinitionArn! },
    functionEnv: {
      ...server.env,
      INPUT_BUCKET: inputBucket,
      OUTPUT_BUCKET: outputBucket,
      JOB_QUEUE: setup.jobQueueArn,
      JOB_DEFINITION: def.jobDefinitionArn!,
      NOTIFICATIONS_QUEUE_URL: notifications.url,
    },
  };
}

/** Uploads every file of a folder to `incoming/<batchId>/`, as a branch office would. */
export async function dropBatch(stack: LocalStack, dir: string, batchId: string, only?: (name: string) => boolean): Promise<string[]> {
  const keys: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (only && !only(name)) continue;
    const key = `incoming/${batchId}/${name}`;
    await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.inputBucket, Key: key, Body: readFileSync(join(dir, name)) }));
    keys.push(key);
  }
  return keys;
}

type Handler = (event: never) => Promise<unknown>;

export interface SettleOptions {
  readonly log?: (line: string) => void;
  /** How long a queue must stay empty before the chain counts as settled. */
  readonly quietMs?: number;
}

/**
 * Drives the event chain until nothing moves: S3 event records of the input bucket go to the
 * upload check, each job it submitted runs as a local process with exactly the command and
 * environment Batch holds for it, a failed job becomes the EventBridge event AWS would emit,
 * and the output bucket's records go to the indexer. Returns the job runs and the
 * notifications a consumer of the queue receives.
 */
export async function settle(stack: LocalStack, ran: Set<string>, options: SettleOptions = {}): Promise<{ jobs: JobRun[]; notifications: Notification[] }> {
  const log = options.log ?? (() => undefined);
  const restore = setEnv(stack.functionEnv);
  try {
    // Fresh handlers per stack: each reads this stack's environment on its first event.
    const validateUpload = createHandler() as Handler;
    const indexOutput = makeHandler(() => indexerPorts()) as Handler;
    const jobs: JobRun[] = [];
    for (let idle = 0; idle < 2; ) {
      let moved = false;
      const inputRecords = await drainS3Records(stack, stack.inputEvents, options.quietMs);
      if (inputRecords.length > 0) {
        moved = true;
        log(`upload check: ${inputRecords.length} S3 event record(s)`);
        await validateUpload({ Records: inputRecords } as never).catch((e: Error) => log(`upload check failed: ${e.message}`));
      }
      for (const job of await newJobs(stack, ran)) {
        moved = true;
        ran.add(job.jobId!);
        const run = await runJobLocally(stack, job);
        log(`batch job ${run.jobName} (${run.batchId}) exited with ${run.exitCode}`);
        jobs.push(run);
        if (run.exitCode !== 0) await indexOutput(failedJobEvent(stack, job, run) as never).catch((e: Error) => log(`indexer failed: ${e.message}`));
      }
      const outputRecords = await drainS3Records(stack, stack.outputEvents, options.quietMs);
      if (outputRecords.length > 0) {
        moved = true;
        log(`output indexer: ${outputRecords.length} S3 event record(s)`);
        await indexOutput({ Records: outputRecords } as never).catch((e: Error) => log(`indexer failed: ${e.message}`));
      }
      idle = moved ? 0 : idle + 1;
    }
    const messages = await receiveMessages(stack.clients.sqs, stack.notifications.url, { timeoutMs: 1_500 });
    const notifications = messages.map((m) => {
      const body = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
      const attributes = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']));
      return { type: String(body.type), batchId: String(body.batchId), attributes, body };
    });
    return { jobs, notifications };
  } finally {
    restore();
  }
}

async function drainS3Records(stack: LocalStack, queue: QueueRef, quietMs = 1_200): Promise<S3EventRecord[]> {
  const messages = await receiveMessages(stack.clients.sqs, queue.url, { timeoutMs: quietMs });
  return messages.flatMap((m) => (JSON.parse(m.Body ?? '{}') as { Records?: S3EventRecord[] }).Records ?? []);
}

async function newJobs(stack: LocalStack, ran: Set<string>): Promise<JobDetail[]> {
  const ids: string[] = [];
  // moto's simple Batch backend moves a job straight to SUCCEEDED (or FAILED): look at every status.
  for (const jobStatus of ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const) {
    const page = await stack.clients.batch.send(new ListJobsCommand({ jobQueue: stack.batch.jobQueueArn, jobStatus }));
    for (const j of page.jobSummaryList ?? []) if (j.jobId && !ran.has(j.jobId) && !ids.includes(j.jobId)) ids.push(j.jobId);
  }
  if (ids.length === 0) return [];
  const described = await stack.clients.batch.send(new DescribeJobsCommand({ jobs: ids }));
  return (described.jobs ?? []).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}

/** The job's container, run here: its command, its environment (overrides win), the local endpoint. */
function runJobLocally(stack: LocalStack, job: JobDetail): Promise<JobRun> {
  const env: Record<string, string> = {};
  for (const { name, value } of job.container?.environment ?? []) if (name && value !== undefined) env[name] = value;
  env.AWS_BATCH_JOB_ID = job.jobId!;
  const [program, ...args] = job.container?.command ?? ['node', 'dist/job.js'];
  return new Promise((resolve, reject) => {
    const child = spawn(program === 'node' ? process.execPath : program, args, {
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...stack.server.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ jobId: job.jobId!, jobName: job.jobName!, batchId: env.BATCH_ID ?? '', exitCode, output }));
  });
}

/** The EventBridge "Batch Job State Change" event AWS emits for a failed job. */
function failedJobEvent(stack: LocalStack, job: JobDetail, run: JobRun) {
  return {
    version: '0',
    id: uniqueName('event'),
    'detail-type': 'Batch Job State Change',
    source: 'aws.batch',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:batch:us-east-1:123456789012:job/${job.jobId}`],
    detail: {
      jobName: job.jobName,
      jobId: job.jobId,
      jobQueue: stack.batch.jobQueueArn,
      status: 'FAILED',
      statusReason: `Essential container in task exited`,
      stoppedAt: Date.now(),
      attempts: [{ container: { exitCode: run.exitCode, reason: `exit ${run.exitCode}` } }],
      container: { command: job.container?.command, environment: job.container?.environment, exitCode: run.exitCode },
    },
  };
}

function setEnv(env: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export const batchFolderName = (dir: string) => basename(dir.replace(/[\\/]+$/, ''));
