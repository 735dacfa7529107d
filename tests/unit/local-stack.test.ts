import { describe, expect, it } from 'vitest';
import {
  functionEnvironment,
  jobContainer,
  type LocalResource,
  notificationConfigurations,
  templateResolver,
} from '../../scripts/local-aws/template-stack.js';
import { functionProperties, type Json, readTemplate, resourcesOfType } from '../helpers/template.js';

// The local stack (npm run pipeline:local, tests/integration/pipeline.test.ts) follows
// template.yaml: the same S3 filters, the same variables with the same literal values; only
// the names of its own resources are local.

const template = readTemplate();
const functionIds = resourcesOfType(template, 'AWS::Serverless::Function').map(([id]) => id);

const resources: Record<string, LocalResource> = {
  InputBucket: { ref: 'local-input' },
  OutputBucket: { ref: 'local-output' },
  NotificationsQueue: { ref: 'http://local/queue/notifications', Arn: 'arn:local:notifications' },
  JobQueue: { ref: 'arn:local:job-queue' },
  JobDefinition: { ref: 'arn:local:job-definition' },
};
const resolve = templateResolver(template, { parameters: { NamePrefix: 'rentas-local' }, resources });

/** What the template declares for a variable, with the local name of what it refers to. */
function expectedValue(value: Json): string {
  if (typeof value === 'string') return value;
  if (value.Ref) return template.Parameters[value.Ref]?.Default ?? resources[value.Ref].ref;
  return (value['Fn::Sub'] as string)
    .replace('${NamePrefix}', 'rentas-local')
    .replace('${AWS::AccountId}', '123456789012')
    .replace('${AWS::Region}', 'us-east-1');
}

describe('the local stack', () => {
  it('wires exactly the S3 events of the template: bucket, events and prefix/suffix rules, one queue per function', () => {
    const configurations = notificationConfigurations(template, (id) => `arn:local:${id}`);

    const declared = functionIds.flatMap((functionId) =>
      Object.entries(functionProperties(template, functionId).Events as Record<string, Json>)
        .filter(([, e]) => e.Type === 'S3')
        .map(([eventId, e]) => ({
          bucket: e.Properties.Bucket.Ref,
          Id: eventId,
          QueueArn: `arn:local:${functionId}`,
          Events: [e.Properties.Events].flat(),
          Filter: { Key: { FilterRules: e.Properties.Filter.S3Key.Rules } },
        })),
    );
    const wired = Object.entries(configurations).flatMap(([bucket, list]) => list.map((c) => ({ bucket, ...c })));
    expect(wired).toEqual(declared);
    expect(wired.map((c) => `${c.bucket} ${c.QueueArn} ${c.Filter!.Key!.FilterRules!.map((r) => r.Value).join(' ')}`)).toEqual([
      'InputBucket arn:local:ValidateUploadFunction incoming/',
      'OutputBucket arn:local:IndexOutputFunction batches/ manifest.json',
      'OutputBucket arn:local:IndexOutputFunction rejected/ .error.json',
    ]);
  });

  it.each(functionIds)('gives %s the variables of the template, literal values included', (functionId) => {
    const declared = functionProperties(template, functionId).Environment.Variables as Record<string, Json>;

    const env = functionEnvironment(template, functionId, resolve);

    expect(Object.keys(env).sort()).toEqual(Object.keys(declared).sort());
    for (const [name, value] of Object.entries(declared)) expect(env[name], name).toBe(expectedValue(value));
  });

  it('names the buckets the functions are told about as the template names the buckets', () => {
    const bucketName = (id: string) => resolve(template.Resources[id].Properties.BucketName, id);

    expect(functionEnvironment(template, 'ValidateUploadFunction', resolve)).toMatchObject({
      INPUT_BUCKET: bucketName('InputBucket'),
      OUTPUT_BUCKET: bucketName('OutputBucket'),
      JOB_QUEUE: 'arn:local:job-queue',
      JOB_DEFINITION: 'arn:local:job-definition',
    });
    expect(bucketName('InputBucket')).toBe('rentas-local-input-123456789012-us-east-1');
  });

  it('runs the job with the command and the environment of the JobDefinition', () => {
    const container = template.Resources.JobDefinition.Properties.ContainerProperties;

    const job = jobContainer(template, resolve);

    expect(job.name).toBe('rentas-local-etl');
    expect(job.command).toEqual(container.Command);
    expect(Object.keys(job.environment)).toEqual(container.Environment.map((e: Json) => e.Name));
    for (const { Name, Value } of container.Environment) expect(job.environment[Name], Name).toBe(expectedValue(Value));
  });

  it('takes parameter values given to it over the Defaults', () => {
    const withWarn = templateResolver(template, { parameters: { NamePrefix: 'rentas-local', LogLevel: 'WARN' }, resources });

    expect(functionEnvironment(template, 'IndexOutputFunction', withWarn).LOG_LEVEL).toBe('WARN');
    expect(jobContainer(template, withWarn).environment.LOG_LEVEL).toBe('WARN');
  });

  it('follows a change of the template', () => {
    const changed = structuredClone(template);
    changed.Resources.IndexOutputFunction.Properties.Environment.Variables.MAX_OUTPUTS = '500';
    changed.Resources.IndexOutputFunction.Properties.Events.RejectionWritten.Properties.Filter.S3Key.Rules[1].Value = '.error.ndjson';

    expect(functionEnvironment(changed, 'IndexOutputFunction', resolve).MAX_OUTPUTS).toBe('500');
    expect(notificationConfigurations(changed, () => 'arn').OutputBucket[1].Filter!.Key!.FilterRules).toContainEqual({ Name: 'suffix', Value: '.error.ndjson' });
  });

  it('refuses a reference to a resource it does not create, naming it', () => {
    const bare = templateResolver(template, { parameters: { NamePrefix: 'rentas-local' }, resources: {} });

    expect(() => functionEnvironment(template, 'ValidateUploadFunction', bare)).toThrow(
      'ValidateUploadFunction JOB_QUEUE: refers to JobQueue, which the local stack does not create.',
    );
    expect(() => bare({ 'Fn::GetAtt': ['NotificationsQueue', 'Arn'] }, 'X')).toThrow('X: refers to NotificationsQueue.Arn, which the local stack does not have.');
    expect(() => bare({ 'Fn::Join': ['', ['a']] }, 'X')).toThrow(/^X: .* is not a value the local stack resolves/);
  });
});
