/**
 * The pipeline's stack on this machine (`npm run pipeline:local`, tests/integration/pipeline
 * and faults): `createLocalStack` makes in moto_server what template.yaml declares
 * (template-stack.ts says what is taken from it), `dropBatch` uploads a batch, and `settle`
 * drives the event chain through the real handlers and the real Batch job (local-batch.ts).
 */
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { RegisterJobDefinitionCommand } from '@aws-sdk/client-batch';
import { GetObjectCommand, ListObjectsV2Command, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { makeHandler, portsFromEnv as indexerPorts } from '../../functions/index-output/index.js';
import { createHandler } from '../../functions/validate-upload/index.js';
import { lang } from '../../common/i18n/index.js';
import { INPUT_SUFFIXES, TABLES, chooseTableFiles } from '../../common/tables/index.js';
import { at, readTemplate, type Json } from '../template.mjs';
import { type BatchSetup, createBatchQueue, createBucket, createQueue, type MotoClients, motoClients, type QueueRef, uniqueName } from './fixtures.js';
import { failedJobEvent, type JobRun, newJobs, runJobLocally } from './local-batch.js';
import { applyMotoEnv, type MotoServer } from './moto-process.js';
import { receiveMessages } from './sqs.js';
import {
  functionEnvironment,
  jobContainer,
  type LocalResource,
  notificationConfigurations,
  s3Triggers,
  templateResolver,
} from './template-stack.js';

/** The functions of template.yaml this stack runs in-process, by logical id. */
const FUNCTIONS = ['ValidateUploadFunction', 'IndexOutputFunction'] as const;
type FunctionId = (typeof FUNCTIONS)[number];

export type { JobRun } from './local-batch.js';

/** Everything the pipeline's template creates, made in moto instead of CloudFormation. */
export interface LocalStack {
  readonly server: MotoServer;
  readonly clients: MotoClients;
  readonly inputBucket: string;
  readonly outputBucket: string;
  /** Per function, the queue its S3 notifications go to (what invokes the function on AWS). */
  readonly triggers: Readonly<Record<FunctionId, QueueRef>>;
  readonly notifications: QueueRef;
  readonly batch: BatchSetup;
  /** Per function, its environment as template.yaml declares it, pointed at the local endpoint. */
  readonly functionEnv: Readonly<Record<FunctionId, Record<string, string>>>;
}

export interface LocalStackOptions {
  /**
   * Values of template parameters (LogLevel, RentalCarDb, ...); the others take their Default,
   * except Language, which is this process's language (RENTAS_LANG, else the locale).
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The template to follow; template.yaml by default. */
  readonly template?: Json;
}

export interface Notification {
  readonly type: string;
  readonly batchId: string;
  readonly attributes: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/**
 * Creates the buckets, queues, Batch queue and job definition of template.yaml in moto, under
 * a NamePrefix of its own, and wires the template's S3 event filters to one SQS queue per
 * function (moto cannot invoke a Lambda; the queues hold the real S3 event records, which
 * `settle` hands to the real handlers). Names, filters and environments follow the template.
 */
export async function createLocalStack(server: MotoServer, options: LocalStackOptions = {}): Promise<LocalStack> {
  const template = options.template ?? readTemplate();
  const clients = motoClients(server);
  const { s3, sqs, batch } = clients;
  const prefix = uniqueName('rentas');
  const resources: Record<string, LocalResource> = {};
  const resolve = templateResolver(template, { parameters: { NamePrefix: prefix, Language: lang(), ...options.parameters }, resources });
  const bucket = async (id: string) => {
    const name = await createBucket(s3, resolve(at(template, 'Resources', id, 'Properties', 'BucketName'), `${id} BucketName`));
    resources[id] = { ref: name, Arn: `arn:aws:s3:::${name}` };
    return name;
  };
  const queue = async (id: string) => {
    const made = await createQueue(sqs, `${prefix}-${id}`);
    resources[id] = { ref: made.url, Arn: made.arn, QueueName: `${prefix}-${id}` };
    return made;
  };

  const inputBucket = await bucket('InputBucket');
  const outputBucket = await bucket('OutputBucket');
  const notifications = await queue('NotificationsQueue');
  const setup = await createBatchQueue(server, batch, prefix);
  resources.JobQueue = { ref: setup.jobQueueArn };
  const job = jobContainer(template, resolve);
  const def = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: job.name,
      type: 'container',
      containerProperties: {
        image: 'rentas-etl:local',
        vcpus: 1,
        memory: 4096,
        command: job.command,
        environment: Object.entries(job.environment).map(([name, value]) => ({ name, value })),
      },
    }),
  );
  resources.JobDefinition = { ref: def.jobDefinitionArn! };

  const triggerFunctions = new Set(s3Triggers(template).map((t) => t.functionId));
  const unknown = [...triggerFunctions].filter((id) => !(FUNCTIONS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`template.yaml: ${unknown.join(', ')} have S3 events but no local handler in scripts/local-aws/pipeline.ts.`);
  const triggers = {} as Record<FunctionId, QueueRef>;
  for (const id of FUNCTIONS) triggers[id] = await createQueue(sqs, `${prefix}-${id}-events`);
  for (const [bucketId, configurations] of Object.entries(notificationConfigurations(template, (id) => triggers[id as FunctionId].arn))) {
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: resources[bucketId].ref, NotificationConfiguration: { QueueConfigurations: configurations } }));
  }
  // Putting a configuration sends one s3:TestEvent per queue; drop them.
  for (const id of triggerFunctions) await receiveMessages(sqs, triggers[id as FunctionId].url, { timeoutMs: 1_500 });

  // The template's AWS_ENDPOINT_URL and S3_FORCE_PATH_STYLE exist to be pointed at a local endpoint, as here.
  const functionEnv = Object.fromEntries(FUNCTIONS.map((id) => [id, { ...functionEnvironment(template, id, resolve), ...server.env }])) as Record<FunctionId, Record<string, string>>;
  return {
    server,
    clients,
    inputBucket,
    outputBucket,
    triggers,
    notifications,
    batch: { ...setup, jobDefinitionArn: def.jobDefinitionArn! },
    functionEnv,
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
  // Fresh handlers per call: each reads its function's environment on its first event.
  const handlers: Record<FunctionId, Handler> = {
    ValidateUploadFunction: createHandler(),
    IndexOutputFunction: makeHandler(() => indexerPorts()),
  };
  const invoke = async (id: FunctionId, event: unknown, what: string) => {
    const restore = applyMotoEnv(stack.functionEnv[id]);
    try {
      await handlers[id](event as never);
    } catch (e) {
      log(`${what} failed: ${(e as Error).message}`);
    } finally {
      restore();
    }
  };
  const jobs: JobRun[] = [];
  for (let idle = 0; idle < 2; ) {
    let moved = false;
    const inputRecords = await drainS3Records(stack, stack.triggers.ValidateUploadFunction, options.quietMs);
    if (inputRecords.length > 0) {
      moved = true;
      log(`upload check: ${inputRecords.length} S3 event record(s)`);
      await invoke('ValidateUploadFunction', { Records: inputRecords }, 'upload check');
    }
    for (const job of await newJobs(stack.clients.batch, stack.batch.jobQueueArn, ran)) {
      moved = true;
      ran.add(job.jobId!);
      const run = await runJobLocally(job, stack.server.env);
      log(`batch job ${run.jobName} (${run.batchId}) exited with ${run.exitCode}`);
      jobs.push(run);
      if (run.exitCode !== 0) await invoke('IndexOutputFunction', failedJobEvent(stack.batch.jobQueueArn, job, run), 'indexer');
    }
    const outputRecords = await drainS3Records(stack, stack.triggers.IndexOutputFunction, options.quietMs);
    if (outputRecords.length > 0) {
      moved = true;
      log(`output indexer: ${outputRecords.length} S3 event record(s)`);
      await invoke('IndexOutputFunction', { Records: outputRecords }, 'indexer');
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
}

async function drainS3Records(stack: LocalStack, queue: QueueRef, quietMs = 1_200): Promise<S3EventRecord[]> {
  const messages = await receiveMessages(stack.clients.sqs, queue.url, { timeoutMs: quietMs });
  return messages.flatMap((m) => (JSON.parse(m.Body ?? '{}') as { Records?: S3EventRecord[] }).Records ?? []);
}

/** The marker that declares a batch complete whatever files it holds (functions/validate-upload). */
const SUCCESS_MARKER = '_SUCCESS';

/**
 * What a batch that ran no job is waiting for: the file names of the tables its folder in the
 * input bucket lacks (`clientes.csv`, ...), empty when every table has a file (then one of them
 * was rejected), or undefined when the folder holds `_SUCCESS` or is gone.
 */
export async function batchWaitingFor(stack: LocalStack, batchId: string): Promise<string[] | undefined> {
  const prefix = `incoming/${batchId}/`;
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.inputBucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
    names.push(...(page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (names.length === 0 || names.includes(SUCCESS_MARKER)) return undefined;
  const present = chooseTableFiles(names);
  return TABLES.filter((t) => !present.has(t.key)).map((t) => `${t.fileBase}${INPUT_SUFFIXES[0]}`);
}

/**
 * Copies every object of the output bucket (warehouse, batch outputs, rejections, job claims)
 * to `dir`, one file per key, so the report and the database can be opened once moto_server is
 * gone. Returns the paths written. A key that would land outside `dir` is skipped.
 */
export async function keepOutputs(stack: LocalStack, dir: string): Promise<string[]> {
  const written: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.outputBucket, ContinuationToken: token }));
    for (const { Key: key } of page.Contents ?? []) {
      const path = resolvePath(dir, key!);
      const inside = relative(resolvePath(dir), path);
      if (!key || key.endsWith('/') || inside.startsWith('..') || inside === '') continue;
      const object = await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.outputBucket, Key: key }));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, await object.Body!.transformToByteArray());
      written.push(path);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return written;
}
