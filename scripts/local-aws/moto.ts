/**
 * `moto_server`, the local AWS endpoint used by the integration suites and by `npm run pipeline:local`
 * (S3 with real bucket notifications to SQS, SQS, Batch and IAM APIs; no Docker needed).
 *
 * Use it as:
 *
 * ```ts
 * describeE2E('index-output against moto', () => {
 *   const moto = useMoto();                 // beforeAll: start, afterAll: stop
 *   it('...', async () => {
 *     const { s3, sqs } = motoClients(moto());
 *     ...
 *   });
 * });
 * ```
 *
 * When `moto_server` is not on PATH the suites declared with `describeE2E` are skipped with
 * one console message, unless `REQUIRE_E2E=1` (CI), where they fail instead.
 *
 * ## moto quirks (moto 5.2, checked by tests/integration/moto-harness.test.ts)
 *
 * - **S3 event keys encode `/` as `%2F`.** moto builds `s3.object.key` with Python's
 *   `quote_plus`, so `incoming/lote 1/vehículos.csv` arrives as
 *   `incoming%2Flote+1%2Fveh%C3%ADculos.csv`; real S3 leaves the slashes alone
 *   (`incoming/lote+1/veh%C3%ADculos.csv`). Always decode the whole key first
 *   (`decodeURIComponent(key.replace(/\+/g, ' '))`) and split on `/` afterwards: code that
 *   splits the raw key works on AWS and breaks on moto.
 * - **S3 event records are thinner than AWS's**: no `sequencer`, `versionId`,
 *   `userIdentity`, `requestParameters` or `responseElements`; `eventTime` has no time zone
 *   (`2026-11-26T07:48:23.190164`, the server's local clock) where AWS writes
 *   `...T07:48:23.190Z`. `eTag` is unquoted, as on AWS.
 * - **Setting a notification configuration sends an `s3:TestEvent` message** to the queue
 *   first (as AWS does). `connectBucketToQueue` consumes it so tests only see real records.
 * - **Notifications to a queue that does not exist, or to a FIFO queue, are dropped
 *   silently** (moto swallows the error). AWS refuses FIFO destinations when the
 *   configuration is put, and refuses any destination whose queue policy does not allow
 *   `s3.amazonaws.com` to `sqs:SendMessage`; moto checks no policy at all.
 * - Conditional writes work: `PutObject` with `IfNoneMatch: '*'` on an existing key fails
 *   with `PreconditionFailed` (HTTP 412). Ranged GETs return 206 with `ContentRange`.
 * - Bucket names are validated as on AWS (3-63 characters, ...): `b1` is refused.
 * - **Batch jobs never run.** By default moto tries Docker; without it every submitted job
 *   goes straight to `FAILED` (no `statusReason`). `startMoto` switches moto to its
 *   "simple" Batch backend (POST /moto-api/config `{"batch":{"use_docker":false}}`), where
 *   a job is `SUCCEEDED` as soon as `SubmitJob` returns; start with
 *   `{ batchJobsFail: true }` to have them `FAILED` instead
 *   (`MOTO_SIMPLE_BATCH_FAIL_AFTER=0`). Either way no state between is observable.
 * - `CreateComputeEnvironment` needs a `serviceRole` that exists in moto's IAM (any
 *   made-up ARN is refused: "Could not find IAM role"). An `UNMANAGED` environment needs
 *   nothing else; a `MANAGED` one also needs an instance profile, subnets and security
 *   groups that exist in moto's EC2. No IAM client is installed here, so `createIamRole`
 *   calls the IAM query API with `fetch` (moto does not check signatures).
 * - `ListJobs` without `jobStatus` returns jobs of every status on moto; AWS returns only
 *   `RUNNING` ones. Pass `jobStatus` (or use `filters`) in code meant for AWS.
 * - `DescribeJobs` appends another `AWS_BATCH_JOB_ID` entry to `container.environment` on
 *   every call: look variables up by name, never by position or count.
 * - moto emits no EventBridge "Batch Job State Change" events: tests build them by hand
 *   (`events/*.json`).
 * - SQS `SendMessageBatch` only reports per-entry failures for an invalid `DelaySeconds`;
 *   any other invalid entry fails the whole call, so partial failures are tested with fakes.
 *   Entry Ids must match `^[\w-]{1,80}$`. FIFO queues honour MessageDeduplicationId (a
 *   re-sent message is dropped) and message attributes round-trip as on AWS.
 * - The first Batch/IAM call on a fresh server takes 1-3 s (moto loads those backends
 *   lazily); the hook timeout of vitest.config.ts covers it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';

export const MOTO_BIN = 'moto_server';

export const E2E_SKIP_MESSAGE =
  "end-to-end tests skipped: moto_server not found; install it with `pip install 'moto[server]'` and run again (CI sets REQUIRE_E2E=1)";

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Variables that point the SDK (in-process or in a child process) at this server. */
  env: Record<string, string>;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Keep moto's Docker-based Batch backend (jobs fail at once without Docker). Default false. */
  batchUsesDocker?: boolean;
  /** With the simple Batch backend, mark every submitted job FAILED instead of SUCCEEDED. */
  batchJobsFail?: boolean;
  /** How long to wait for the server to answer. Default 30 s. */
  startTimeoutMs?: number;
}

/** Is `moto_server` an executable on PATH? */
export function motoAvailable(): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, MOTO_BIN), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** Must the end-to-end suites run (REQUIRE_E2E=1), so that a missing moto_server fails them? */
export function e2eRequired(): boolean {
  return process.env.REQUIRE_E2E === '1';
}

/**
 * Whether the end-to-end suites run. False only when moto_server is missing and REQUIRE_E2E
 * is not set; when it is set they "run" and fail (see `describeE2E`).
 */
export function e2eEnabled(): boolean {
  return motoAvailable() || e2eRequired();
}

/** Asks the OS for a free TCP port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not read the probe port'))));
    });
  });
}

// The server runs under a small shell watchdog: it exits (killing moto) when this test
// process disappears, even by SIGKILL, where no 'exit' handler of ours would run.
const WATCHDOG = `
parent=$1; shift
"$@" &
child=$!
echo "moto-pid:$child"
trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT HUP
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done
kill $child 2>/dev/null
wait $child
`;

const live = new Set<ChildProcess & { motoPid?: number }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      for (const pid of [child.motoPid, child.pid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

/**
 * Spawns `moto_server -H 127.0.0.1 -p <free port>`, waits until it answers HTTP, and switches
 * Batch to moto's Docker-free backend. Retries on another port if the first one was taken
 * between the probe and the spawn.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(port: number, options: StartMotoOptions): Promise<MotoServer> {
  installExitHook();
  const endpoint = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  if (options.batchJobsFail) childEnv.MOTO_SIMPLE_BATCH_FAIL_AFTER = '0';
  const child: ChildProcess & { motoPid?: number } = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'moto-watchdog', String(process.pid), MOTO_BIN, '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv },
  );
  live.add(child);

  // moto logs every request; the pipes must be drained or the server blocks. Keep the tail
  // for error messages.
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const pid = /^moto-pid:(\d+)/.exec(line);
      if (pid) child.motoPid = Number(pid[1]);
      else if (line.trim()) tail.push(line);
    }
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => live.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
    if (timedOut) {
      for (const pid of [child.motoPid, child.pid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with status ${child.exitCode} before answering on ${endpoint}:\n${tail.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} in time:\n${tail.join('\n')}`);
    }
    ready = await answers(endpoint);
    if (!ready) await sleep(100);
  }

  if (!options.batchUsesDocker) {
    const res = await fetch(`${endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ batch: { use_docker: false } }),
    });
    if (!res.ok) {
      await stop();
      throw new Error(`moto_server refused the Batch configuration: HTTP ${res.status}`);
    }
  }

  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    },
    stop,
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sets `env` into process.env for in-process handler calls (the SDK reads
 * AWS_ENDPOINT_URL itself), and removes AWS_PROFILE and AWS_SESSION_TOKEN, which would make
 * the SDK look for other credentials. Returns a function that restores the previous values.
 */
export function applyMotoEnv(env: Record<string, string>): () => void {
  const names = [...Object.keys(env), 'AWS_PROFILE', 'AWS_SESSION_TOKEN'];
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export interface MotoClients {
  s3: S3Client;
  sqs: SQSClient;
  batch: BatchClient;
}

/** SDK clients aimed at the server explicitly, whatever process.env holds. */
export function motoClients(server: Pick<MotoServer, 'endpoint'>): MotoClients {
  const common = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sqs: new SQSClient(common),
    batch: new BatchClient(common),
  };
}

/** A name unique to this run: `<prefix>-<8 hex>` (lower case, valid for buckets and queues). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates a bucket and returns its name. */
export async function createBucket(s3: S3Client, name = uniqueName('bucket')): Promise<string> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

export interface QueueRef {
  url: string;
  arn: string;
}

/** Creates a queue (FIFO when `fifo`, the `.fifo` suffix added) and returns its URL and ARN. */
export async function createQueue(sqs: SQSClient, name = uniqueName('queue'), opts: { fifo?: boolean } = {}): Promise<QueueRef> {
  const queueName = opts.fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name;
  const created = await sqs.send(
    new CreateQueueCommand({ QueueName: queueName, Attributes: opts.fifo ? { FifoQueue: 'true' } : undefined }),
  );
  const url = created.QueueUrl!;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attrs.Attributes!.QueueArn! };
}

export interface ReceiveOptions {
  /** Stop as soon as this many messages arrived. */
  expected?: number;
  /** Give up (returning what arrived) after this long. Default 5 s. */
  timeoutMs?: number;
}

/**
 * Receives (and deletes) messages until `expected` arrived or the time is up, with message
 * attributes and system attributes. Returns them in arrival order.
 */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, opts: ReceiveOptions = {}): Promise<Message[]> {
  const expected = opts.expected ?? Number.POSITIVE_INFINITY;
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  const out: Message[] = [];
  while (out.length < expected && Date.now() < deadline) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const batch = res.Messages ?? [];
    if (batch.length === 0) continue;
    out.push(...batch);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return out;
}

/**
 * Wires bucket → queue notifications (PutBucketNotificationConfiguration with a
 * QueueConfiguration) and consumes the `s3:TestEvent` that moto, like S3, sends at once.
 */
export async function connectBucketToQueue(
  s3: S3Client,
  sqs: SQSClient,
  bucket: string,
  queue: QueueRef,
  opts: { events?: string[]; prefix?: string; suffix?: string } = {},
): Promise<void> {
  const rules = [
    ...(opts.prefix ? [{ Name: 'prefix' as const, Value: opts.prefix }] : []),
    ...(opts.suffix ? [{ Name: 'suffix' as const, Value: opts.suffix }] : []),
  ];
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            QueueArn: queue.arn,
            Events: (opts.events ?? ['s3:ObjectCreated:*']) as never,
            Filter: rules.length ? { Key: { FilterRules: rules } } : undefined,
          },
        ],
      },
    }),
  );
  await receiveMessages(sqs, queue.url, { expected: 1, timeoutMs: 3_000 });
}

/**
 * Reads S3 event records from a queue fed by `connectBucketToQueue` until `expected` records
 * arrived (default 1) or the time is up. Test events are dropped; messages are deleted.
 */
export async function receiveS3EventRecords(
  sqs: SQSClient,
  queueUrl: string,
  opts: ReceiveOptions = {},
): Promise<S3EventRecord[]> {
  const expected = opts.expected ?? 1;
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  const records: S3EventRecord[] = [];
  while (records.length < expected && Date.now() < deadline) {
    const messages = await receiveMessages(sqs, queueUrl, { expected: 1, timeoutMs: Math.max(0, deadline - Date.now()) });
    for (const m of messages) {
      const body = JSON.parse(m.Body ?? '{}') as { Records?: S3EventRecord[]; Event?: string };
      if (body.Event === 's3:TestEvent') continue;
      records.push(...(body.Records ?? []));
    }
  }
  return records;
}

/**
 * Creates an IAM role in moto through the IAM query API (no IAM client is installed here;
 * moto routes on the credential scope of the Authorization header and checks no signature).
 */
export async function createIamRole(endpoint: string, roleName = uniqueName('role')): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'batch.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await res.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!res.ok || !arn) throw new Error(`moto refused CreateRole (HTTP ${res.status}): ${text.slice(0, 300)}`);
  return arn;
}

export interface BatchSetup {
  serviceRoleArn: string;
  computeEnvironmentArn: string;
  jobQueueArn: string;
  jobDefinitionArn: string;
}

/**
 * Creates what SubmitJob needs in moto: a service role, an UNMANAGED compute environment
 * (a MANAGED one would also need EC2 subnets, security groups and an instance profile), a
 * job queue and a container job definition.
 */
export async function createBatchQueue(server: Pick<MotoServer, 'endpoint'>, batch: BatchClient, prefix = uniqueName('etl')): Promise<BatchSetup> {
  const serviceRoleArn = await createIamRole(server.endpoint, `${prefix}-service`);
  const ce = await batch.send(
    new CreateComputeEnvironmentCommand({
      computeEnvironmentName: `${prefix}-ce`,
      type: 'UNMANAGED',
      state: 'ENABLED',
      serviceRole: serviceRoleArn,
    }),
  );
  const queue = await batch.send(
    new CreateJobQueueCommand({
      jobQueueName: `${prefix}-queue`,
      state: 'ENABLED',
      priority: 1,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce.computeEnvironmentArn! }],
    }),
  );
  const def = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: `${prefix}-job`,
      type: 'container',
      containerProperties: { image: 'rentas-etl:latest', vcpus: 1, memory: 512, command: ['node', 'dist/job.js'] },
    }),
  );
  return {
    serviceRoleArn,
    computeEnvironmentArn: ce.computeEnvironmentArn!,
    jobQueueArn: queue.jobQueueArn!,
    jobDefinitionArn: def.jobDefinitionArn!,
  };
}
