import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../batch-job/src/core/config.js';
import { functionProperties, type Json, readTemplate, resourcesOfType as ofType, ROOT } from '../helpers/template.js';

// The template is read as CloudFormation reads it: short-form intrinsics (!Ref, !Sub, ...) become
// their long form ({ Ref }, { 'Fn::Sub' }), so assertions look at one shape only.

const template: Json = readTemplate();
const resources: Record<string, Json> = template.Resources;

function resourcesOfType(type: string): [string, Json][] {
  return ofType(template, type);
}

const functions = resourcesOfType('AWS::Serverless::Function');

/** A function's properties as SAM deploys them: Globals.Function merged under its own. */
function functionProps(id: string): Json {
  return functionProperties(template, id);
}

interface Statement {
  Effect: string;
  Action: string[];
  Resource: Json[];
  Condition?: Json;
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function statementsOf(document: Json): Statement[] {
  return asList(document.Statement).map((s: Json) => ({
    ...s,
    Action: asList(s.Action),
    Resource: asList(s.Resource),
  }));
}

/** Statements a role grants, by owner: roles, standalone policies, and SAM function `Policies`. */
function allowStatementsByOwner(): [string, Statement[]][] {
  const owners: [string, Statement[]][] = [];
  for (const [id, role] of resourcesOfType('AWS::IAM::Role')) {
    const docs = asList(role.Properties.Policies).map((p: Json) => p.PolicyDocument);
    owners.push([id, docs.flatMap(statementsOf)]);
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of resourcesOfType(type)) owners.push([id, statementsOf(policy.Properties.PolicyDocument)]);
  }
  for (const [id] of functions) {
    const docs = asList(functionProps(id).Policies).filter((p: Json) => typeof p === 'object' && 'Statement' in p);
    owners.push([id, docs.flatMap(statementsOf)]);
  }
  return owners.map(([id, statements]) => [id, statements.filter((s) => s.Effect === 'Allow')]);
}

/** The text of a resource entry: a literal, the string of a !Sub, or a marker for !Ref / !GetAtt. */
function resourceText(resource: Json): string {
  if (typeof resource === 'string') return resource;
  if (resource['Fn::Sub'] !== undefined) return asList(resource['Fn::Sub'])[0] as string;
  if (resource.Ref !== undefined) return `\${${resource.Ref}}`;
  if (resource['Fn::GetAtt'] !== undefined) return `\${${resource['Fn::GetAtt'].join('.')}}`;
  return JSON.stringify(resource);
}

function bucketName(logicalId: string): string {
  return resourceText(resources[logicalId].Properties.BucketName);
}

const S3_WRITE = /^s3:(\*|Put|Delete|Replicate|Restore|Abort|Create|Object)/i;

function writesTo(statements: Statement[], bucket: string): string[] {
  return statements
    .filter((s) => s.Action.some((a) => S3_WRITE.test(a)))
    .flatMap((s) => s.Resource.map(resourceText))
    .filter((arn) => arn.includes(`:s3:::${bucket}`));
}

function s3TriggerBuckets(functionId: string): string[] {
  return Object.values(functionProps(functionId).Events ?? {})
    .filter((e: Json) => e.Type === 'S3')
    .map((e: Json) => e.Properties.Bucket.Ref as string);
}

describe('template.yaml', () => {
  it('is a SAM template', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(functions.map(([id]) => id).sort()).toEqual(['IndexOutputFunction', 'ValidateUploadFunction']);
  });

  it('builds every function from the lock file with dev dependencies (npm ci), so sam build finds esbuild', () => {
    for (const [id, fn] of functions) {
      expect(fn.Metadata.BuildProperties.UseNpmCi, id).toBe(true);
      // Without source maps: sam build would add NODE_OPTIONS=--enable-source-maps, which doubles init.
      expect(fn.Metadata.BuildProperties.Sourcemap, id).toBe(false);
    }
  });

  it('deletes the job image repository with the stack, images included', () => {
    expect(resources.EcrRepository.Properties.EmptyOnDelete).toBe(true);
    expect(resources.EcrRepository.DeletionPolicy).toBeUndefined();
  });

  it('runs every function on nodejs22.x or newer, bundled by esbuild as ESM', () => {
    for (const [id, fn] of functions) {
      const runtime = functionProps(id).Runtime as string;
      expect(Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]), `${id} runtime ${runtime}`).toBeGreaterThanOrEqual(22);
      expect(fn.Metadata.BuildMethod).toBe('esbuild');
      expect(fn.Metadata.BuildProperties.Format).toBe('esm');
      expect(fn.Metadata.BuildProperties.EntryPoints).toHaveLength(1);
    }
  });

  it('grants no wildcard action in any role, policy or function policy', () => {
    const owners = allowStatementsByOwner();
    expect(owners.length).toBeGreaterThanOrEqual(4);
    for (const [owner, statements] of owners) {
      expect(statements.length, `${owner} has statements`).toBeGreaterThan(0);
      for (const action of statements.flatMap((s) => s.Action)) {
        expect(action, `${owner} action`).not.toBe('*');
        expect(action, `${owner} action`).not.toMatch(/^[a-z0-9-]+:\*$/i);
      }
    }
  });

  it('uses only inline policy documents in function Policies, so every grant is visible here', () => {
    for (const [id] of functions) {
      for (const policy of asList(functionProps(id).Policies)) {
        expect(typeof policy === 'object' && 'Statement' in policy, `${id}: ${JSON.stringify(policy)}`).toBe(true);
      }
    }
  });

  it('scopes every S3 grant to a named bucket, and object grants to a prefix', () => {
    for (const [owner, statements] of allowStatementsByOwner()) {
      for (const s of statements.filter((st) => st.Action.some((a) => a.startsWith('s3:')))) {
        for (const arn of s.Resource.map(resourceText)) {
          expect(arn, owner).toMatch(/^arn:(aws|\$\{AWS::Partition\}):s3:::[^*/]+(\/[^*/]+\/\*)?$/);
          const bucketLevel = !arn.includes('/');
          // Bucket-level grants are only ListBucket, left without an s3:prefix condition on
          // purpose: S3 answers a missing key with 404 NoSuchKey only to a caller that may
          // list the bucket (403 otherwise), and the first batch, a deleted upload and a
          // deleted manifest all rely on telling "absent" from "forbidden". The job also lists
          // the warehouse's versions, to find the one its batch wrote (contract §5).
          const listing = owner === 'JobRole' && arn.includes('-output-') ? ['s3:ListBucket', 's3:ListBucketVersions'] : ['s3:ListBucket'];
          if (bucketLevel) expect(s.Action, `${owner} ${arn}`).toEqual(listing);
        }
      }
    }
  });

  it('lets no function write into the bucket whose events invoke it', () => {
    for (const [id] of functions) {
      const statements = allowStatementsByOwner().find(([owner]) => owner === id)![1];
      for (const bucket of s3TriggerBuckets(id)) {
        expect(writesTo(statements, bucketName(bucket)), `${id} writes to ${bucket}`).toEqual([]);
      }
    }
    expect(s3TriggerBuckets('ValidateUploadFunction')).toEqual(['InputBucket']);
    expect(s3TriggerBuckets('IndexOutputFunction')).toEqual(['OutputBucket', 'OutputBucket']);
  });

  it('lets the upload check submit only to the job queue and the ETL job definition', () => {
    const submit = allowStatementsByOwner()
      .find(([owner]) => owner === 'ValidateUploadFunction')![1]
      .filter((s) => s.Action.includes('batch:SubmitJob'));
    expect(submit).toHaveLength(1);
    const definitionName = resourceText(resources.JobDefinition.Properties.JobDefinitionName);
    expect(submit[0].Resource).toContainEqual({ Ref: 'JobQueue' });
    expect(submit[0].Resource.map(resourceText)).toContainEqual(
      expect.stringMatching(new RegExp(`:job-definition/${definitionName.replace(/[$^{}.*]/g, '\\$&')}:\\*$`)),
    );
  });

  it('limits the job role to incoming/ of the input bucket and warehouse/, batches/ of the output bucket', () => {
    const statements = allowStatementsByOwner().find(([owner]) => owner === 'JobRole')![1];
    const objectArns = statements.flatMap((s) => s.Resource.map(resourceText)).filter((arn) => arn.includes('/'));
    const input = bucketName('InputBucket');
    const output = bucketName('OutputBucket');
    expect(new Set(objectArns.map((arn) => arn.replace(/^arn:(aws|\$\{AWS::Partition\}):s3:::/, '')))).toEqual(
      new Set([`${input}/incoming/*`, `${output}/warehouse/*`, `${output}/batches/*`]),
    );
    expect(writesTo(statements, input)).toEqual([]);
    // Job claims are the upload check's: the job neither reads nor writes them.
    expect(objectArns.filter((arn) => arn.includes('/jobs/'))).toEqual([]);
  });

  it.each(['InputBucket', 'OutputBucket'])('blocks public access to %s, encrypts it and refuses plain HTTP', (id) => {
    const props = resources[id].Properties;
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(['AES256', 'aws:kms', 'aws:kms:dsse']).toContain(sse.SSEAlgorithm);
    const policy = resourcesOfType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === id);
    expect(policy, `bucket policy of ${id}`).toBeDefined();
    const tlsOnly = statementsOf(policy![1].Properties.PolicyDocument).find(
      (s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    );
    expect(tlsOnly, `TLS-only statement on ${id}`).toBeDefined();
    expect(tlsOnly!.Resource).toHaveLength(2);
  });

  it('versions the output bucket and expires incoming/ uploads', () => {
    expect(resources.OutputBucket.Properties.VersioningConfiguration.Status).toBe('Enabled');
    const rules = resources.InputBucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'incoming/', Status: 'Enabled', ExpirationInDays: { Ref: 'IncomingExpirationDays' } }),
    );
  });

  describe('output bucket lifecycle', () => {
    const rules: Json[] = resources.OutputBucket.Properties.LifecycleConfiguration.Rules;
    const rule = (id: string) => rules.find((r) => r.Id === id);

    it('moves batches/ to Standard-IA and then expires it, both after parameter days', () => {
      expect(rule('batch-outputs-to-infrequent-access-then-expire')).toEqual({
        Id: 'batch-outputs-to-infrequent-access-then-expire',
        Status: 'Enabled',
        Prefix: 'batches/',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: { Ref: 'BatchOutputsTransitionDays' } }],
        ExpirationInDays: { Ref: 'BatchOutputsExpirationDays' },
      });
      const params = template.Parameters;
      // S3 refuses a transition to Standard-IA before 30 days, and an expiry not after the transition.
      expect(params.BatchOutputsTransitionDays.MinValue).toBe(30);
      expect(params.BatchOutputsExpirationDays.MinValue).toBeGreaterThan(params.BatchOutputsTransitionDays.MinValue);
      expect(params.BatchOutputsExpirationDays.Default).toBeGreaterThan(params.BatchOutputsTransitionDays.Default);
    });

    it.each([
      ['rejected/', 'RejectionsExpirationDays'],
      ['jobs/', 'JobClaimsExpirationDays'],
    ])('expires %s after %s', (prefix, parameter) => {
      expect(rules).toContainEqual(expect.objectContaining({ Status: 'Enabled', Prefix: prefix, ExpirationInDays: { Ref: parameter } }));
      expect(template.Parameters[parameter].MinValue).toBeGreaterThanOrEqual(1);
    });

    it('never expires the current warehouse, only its noncurrent versions', () => {
      const prefixes = rules.filter((r) => r.ExpirationInDays !== undefined).map((r) => r.Prefix);
      expect(prefixes.sort()).toEqual(['batches/', 'jobs/', 'rejected/']);
    });

    it('removes expired delete markers and keeps the noncurrent-version and incomplete-upload rules', () => {
      expect(rule('remove-expired-delete-markers')).toEqual({ Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true });
      expect(rule('expire-noncurrent-versions')).toMatchObject({
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: { Ref: 'NoncurrentVersionExpirationDays' } },
      });
      expect(rule('abort-incomplete-uploads')).toMatchObject({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } });
      for (const r of rules) expect(r.Status).toBe('Enabled');
    });
  });

  describe('queue alarms', () => {
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm');
    const topicActions = { 'Fn::If': ['HasAlarmTopic', [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }] };

    it.each(['NotificationsDeadLetterQueue', 'FailedInvocationsQueue'])('alarms as soon as a message is visible in %s', (queue) => {
      const found = alarms.filter(([, a]) => a.Properties.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queue);
      expect(found, `alarms on ${queue}`).toHaveLength(1);
      expect(found[0][1].Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: topicActions,
        OKActions: topicActions,
      });
    });

    it('notifies the AlarmTopicArn topic only when one is given', () => {
      expect(alarms).toHaveLength(2);
      expect(template.Parameters.AlarmTopicArn.Default).toBe('');
      expect(template.Conditions.HasAlarmTopic).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmTopicArn' }, ''] }] });
      const pattern = new RegExp(template.Parameters.AlarmTopicArn.AllowedPattern);
      expect(pattern.test('')).toBe(true);
      expect(pattern.test('arn:aws:sns:us-east-1:123456789012:ops-alerts')).toBe(true);
      expect(pattern.test('arn:aws:sqs:us-east-1:123456789012:ops-alerts')).toBe(false);
    });
  });

  it('encrypts every SQS queue and gives the notifications queue a dead-letter queue', () => {
    const queues = resourcesOfType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const [id, queue] of queues) {
      const p = queue.Properties;
      expect(p.SqsManagedSseEnabled === true || p.KmsMasterKeyId !== undefined, `${id} encrypted`).toBe(true);
    }
    expect(resources.NotificationsQueue.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': ['NotificationsDeadLetterQueue', 'Arn'],
    });
  });

  it('sends every function failure to an SQS OnFailure destination after bounded retries', () => {
    for (const [id] of functions) {
      const config = functionProps(id).EventInvokeConfig;
      expect(config, `${id} EventInvokeConfig`).toBeDefined();
      expect(config.MaximumRetryAttempts).toBeLessThanOrEqual(2);
      expect(config.DestinationConfig.OnFailure).toEqual({
        Type: 'SQS',
        Destination: { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] },
      });
    }
  });

  it('declares the environment each function reads', () => {
    const env = (id: string) => Object.keys(functionProps(id).Environment.Variables);
    expect(env('ValidateUploadFunction')).toEqual(
      expect.arrayContaining(['INPUT_BUCKET', 'OUTPUT_BUCKET', 'JOB_QUEUE', 'JOB_DEFINITION', 'LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME']),
    );
    expect(env('IndexOutputFunction')).toEqual(
      expect.arrayContaining(['OUTPUT_BUCKET', 'NOTIFICATIONS_QUEUE_URL', 'LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME']),
    );
  });

  it('sends the upload check every object created under incoming/, whatever its name', () => {
    const events = Object.values(functionProps('ValidateUploadFunction').Events).filter((e: Json) => e.Type === 'S3');
    expect(events).toEqual([
      {
        Type: 'S3',
        Properties: {
          Bucket: { Ref: 'InputBucket' },
          Events: 's3:ObjectCreated:*',
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'incoming/' }] } },
        },
      },
    ]);
  });

  it('sets RENTAS_LANG of both functions and of the job from the Language parameter, es by default', () => {
    expect(template.Parameters.Language).toMatchObject({ Type: 'String', Default: 'es', AllowedValues: ['es', 'en'] });
    for (const [id] of functions) expect(functionProps(id).Environment.Variables.RENTAS_LANG, id).toEqual({ Ref: 'Language' });
    const job = resources.JobDefinition.Properties.ContainerProperties.Environment;
    expect(job).toContainEqual({ Name: 'RENTAS_LANG', Value: { Ref: 'Language' } });
  });

  describe('compute capacity', () => {
    // AWS Batch on Fargate: the memory (MiB) each whole vCPU count accepts.
    const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => String(from + i * step));
    const FARGATE_MEMORY: Record<string, string[]> = {
      '1': range(2048, 8192, 1024),
      '2': range(4096, 16384, 1024),
      '4': range(8192, 30720, 1024),
      '8': range(16384, 61440, 4096),
      '16': range(32768, 122880, 8192),
    };
    const params = template.Parameters;

    it('sizes jobs in whole vCPUs and gives the compute environment MaxConcurrentJobs x JobVcpu vCPUs', () => {
      expect(params.MaxVcpus).toBeUndefined();
      expect(params.MaxConcurrentJobs.Default).toBe(1);
      expect(params.JobVcpu.AllowedValues).toEqual(Object.keys(FARGATE_MEMORY));
      const maxVcpus = resources.ComputeEnvironment.Properties.ComputeResources.MaxvCpus;
      expect(maxVcpus).toEqual({ 'Fn::FindInMap': ['ComputeVcpus', { Ref: 'JobVcpu' }, { Ref: 'MaxConcurrentJobs' }] });
      const map = template.Mappings.ComputeVcpus;
      for (const vcpu of params.JobVcpu.AllowedValues as string[]) {
        expect(Number.isInteger(Number(vcpu)), vcpu).toBe(true);
        for (const jobs of params.MaxConcurrentJobs.AllowedValues as number[]) {
          const vcpus = map[vcpu][String(jobs)];
          expect(vcpus, `${jobs} jobs of ${vcpu} vCPU`).toBe(jobs * Number(vcpu));
          // Exactly `jobs` lanes: one more job of this size never fits.
          expect(Math.floor(vcpus / Number(vcpu))).toBe(jobs);
        }
      }
      expect(map[params.JobVcpu.Default][String(params.MaxConcurrentJobs.Default)]).toBe(Number(params.JobVcpu.Default));
    });

    it('accepts only the Fargate memory sizes of each vCPU count, in Rules', () => {
      const accepted: Record<string, string[]> = {};
      for (const rule of Object.values<Json>(template.Rules)) {
        const [ref, vcpu] = rule.RuleCondition['Fn::Equals'];
        expect(ref).toEqual({ Ref: 'JobVcpu' });
        expect(rule.Assertions).toHaveLength(1);
        const [values, memory] = rule.Assertions[0].Assert['Fn::Contains'];
        expect(memory).toEqual({ Ref: 'JobMemory' });
        expect(rule.Assertions[0].AssertDescription).toContain(`${vcpu} vCPU`);
        accepted[vcpu] = values;
      }
      expect(accepted).toEqual(FARGATE_MEMORY);
      expect(FARGATE_MEMORY[params.JobVcpu.Default]).toContain(String(params.JobMemory.Default));
      expect(params.JobMemory.MinValue).toBe(2048);
      expect(params.JobMemory.MaxValue).toBe(122880);
    });

    it('passes JobVcpu and JobMemory to the job definition', () => {
      expect(resources.JobDefinition.Properties.ContainerProperties.ResourceRequirements).toEqual([
        { Type: 'VCPU', Value: { Ref: 'JobVcpu' } },
        { Type: 'MEMORY', Value: { Ref: 'JobMemory' } },
      ]);
    });
  });

  describe('JobDefinition', () => {
    const job = resources.JobDefinition.Properties;
    const container = job.ContainerProperties;

    it('runs on Fargate with separate execution and job roles', () => {
      expect(job.PlatformCapabilities).toEqual(['FARGATE']);
      expect(container.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': ['JobExecutionRole', 'Arn'] });
      expect(container.JobRoleArn).toEqual({ 'Fn::GetAtt': ['JobRole', 'Arn'] });
      expect(container.Command).toEqual(['node', 'dist/job.js']);
    });

    it('retries exit code 75 and infrastructure failures, and nothing else', () => {
      const evaluate = job.RetryStrategy.EvaluateOnExit;
      expect(job.RetryStrategy.Attempts).toBeGreaterThan(1);
      expect(evaluate[0]).toEqual({ OnExitCode: '75', Action: 'RETRY' });
      expect(evaluate.at(-1)).toEqual({ OnReason: '*', Action: 'EXIT' });
      // Batch takes at most 5 entries; each retry matches a failure Fargate reports.
      expect(evaluate).toEqual([
        { OnExitCode: '75', Action: 'RETRY' },
        { OnReason: 'CannotPullContainerError*', Action: 'RETRY' },
        { OnReason: 'ResourceInitializationError*', Action: 'RETRY' },
        { OnStatusReason: 'Task failed to start*', Action: 'RETRY' },
        { OnReason: '*', Action: 'EXIT' },
      ]);
      expect(JSON.stringify(evaluate)).not.toContain('EC2');
      expect(job.Timeout.AttemptDurationSeconds).toBeDefined();
    });

    it('passes every ETL setting of the config module', () => {
      const names = container.Environment.map((e: Json) => e.Name);
      expect(names).toEqual(expect.arrayContaining([...Object.keys(SETTINGS), 'INPUT_BUCKET', 'OUTPUT_BUCKET', 'LOG_LEVEL']));
      expect(names).not.toContain('BATCH_ID');
      // A setting is given its default, or a parameter whose default it is.
      for (const e of container.Environment) {
        if (!(e.Name in SETTINGS)) continue;
        const value = typeof e.Value === 'object' ? template.Parameters[e.Value.Ref].Default : e.Value;
        expect(value).toBe(SETTINGS[e.Name as keyof typeof SETTINGS]);
      }
    });

    it('logs to a log group of this stack with a retention', () => {
      expect(container.LogConfiguration.LogDriver).toBe('awslogs');
      expect(container.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: 'JobLogGroup' });
      expect(resources.JobLogGroup.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    });
  });
});

describe('events/', () => {
  const eventsDir = join(ROOT, 'events');
  const readEvent = (file: string): Json => JSON.parse(readFileSync(join(eventsDir, file), 'utf8'));
  const s3Files = readdirSync(eventsDir).filter((f) => f.startsWith('s3-put-'));
  const defaultPrefix = template.Parameters.NamePrefix.Default as string;
  const sampleName = (id: string) =>
    bucketName(id)
      .replace('${NamePrefix}', defaultPrefix)
      .replace('${AWS::AccountId}', '123456789012')
      .replace('${AWS::Region}', 'us-east-1');

  /** The function whose S3 filters match the event, as S3 would route it. */
  function routedFunction(bucket: string, key: string): string | undefined {
    for (const [id] of functions) {
      for (const event of Object.values<Json>(functionProps(id).Events ?? {})) {
        if (event.Type !== 'S3' || sampleName(event.Properties.Bucket.Ref) !== bucket) continue;
        const rules = event.Properties.Filter.S3Key.Rules as { Name: string; Value: string }[];
        const prefix = rules.find((r) => r.Name === 'prefix')?.Value ?? '';
        const suffix = rules.find((r) => r.Name === 'suffix')?.Value ?? '';
        if (key.startsWith(prefix) && key.endsWith(suffix)) return id;
      }
    }
    return undefined;
  }

  it('holds the sample events the handlers are tested with', () => {
    expect(s3Files.sort()).toEqual([
      's3-put-bad-header.json',
      's3-put-clientes.json',
      's3-put-key-with-spaces.json',
      's3-put-manifest.json',
      's3-put-misnamed.json',
      's3-put-puntos-renta.json',
      's3-put-rejection.json',
      's3-put-rentas.json',
      's3-put-success-marker.json',
      's3-put-vehiculos.json',
    ]);
  });

  it.each(s3Files)('%s is an S3 ObjectCreated event that the template routes to a function', (file) => {
    const [record, ...more] = readEvent(file).Records;
    expect(more).toEqual([]);
    expect(record).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventName: 'ObjectCreated:Put' });
    expect(new Date(record.eventTime).toISOString()).toBe(record.eventTime);
    const { bucket, object } = record.s3;
    expect(bucket.arn).toBe(`arn:aws:s3:::${bucket.name}`);
    expect(object.eTag).toMatch(/^[0-9a-f]{32}$/);
    expect(object.sequencer).toMatch(/^[0-9A-F]{16,}$/);
    expect(Number.isInteger(object.size)).toBe(true);
    expect(routedFunction(bucket.name, object.key), `${bucket.name}/${object.key}`).toBeDefined();
  });

  it('encodes keys as S3 does: spaces as + and UTF-8 percent-escapes', () => {
    const { key } = readEvent('s3-put-key-with-spaces.json').Records[0].s3.object;
    expect(key).toBe('incoming/Sucursal+M%C3%A9rida+junio/rentas.csv');
    expect(decodeURIComponent(key.replace(/\+/g, ' '))).toBe('incoming/Sucursal Mérida junio/rentas.csv');
  });

  it('batch-job-failed.json matches the Batch failure rule and carries BATCH_ID', () => {
    const event = readEvent('batch-job-failed.json');
    const pattern = functionProps('IndexOutputFunction').Events.BatchJobFailed.Properties.Pattern;
    expect(pattern.source).toContain(event.source);
    expect(pattern['detail-type']).toContain(event['detail-type']);
    expect(pattern.detail.status).toContain(event.detail.status);
    expect(event.detail.jobQueue).toMatch(/^arn:aws:batch:us-east-1:123456789012:job-queue\//);
    expect(event.detail.container.environment).toContainEqual({ name: 'BATCH_ID', value: '2025-06-01' });
  });

  it('env.json sets only variables the template declares (sam local ignores the others)', () => {
    const env = readEvent('env.json');
    expect(Object.keys(env).sort()).toEqual(functions.map(([id]) => id).sort());
    for (const [id, vars] of Object.entries<Record<string, string>>(env)) {
      const declared = Object.keys(functionProps(id).Environment.Variables);
      expect(declared, id).toEqual(expect.arrayContaining(Object.keys(vars)));
      expect(vars.AWS_ENDPOINT_URL).toBe('');
    }
  });
});
