/**
 * What the suites and the local tools make in moto_server: SDK clients aimed at it, buckets,
 * queues, bucket-to-queue notifications, an IAM role and a Batch queue that accepts jobs.
 *
 * ## moto quirks of these resources (moto 5.2, checked by tests/integration/moto-harness.test.ts)
 *
 * - **Setting a notification configuration sends an `s3:TestEvent` message** to the queue
 *   first (as AWS does). `connectBucketToQueue` consumes it so tests only see real records.
 * - **Notifications to a queue that does not exist, or to a FIFO queue, are dropped
 *   silently** (moto swallows the error). AWS refuses FIFO destinations when the
 *   configuration is put, and refuses any destination whose queue policy does not allow
 *   `s3.amazonaws.com` to `sqs:SendMessage`; moto checks no policy at all.
 * - Conditional writes work: `PutObject` with `IfNoneMatch: '*'` on an existing key fails
 *   with `PreconditionFailed` (HTTP 412). Ranged GETs return 206 with `ContentRange`.
 * - Bucket names are validated as on AWS (3-63 characters, ...): `b1` is refused.
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
 */
import { randomBytes } from 'node:crypto';
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MotoServer } from './moto-process.js';
import { receiveMessages } from './sqs.js';

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

