/**
 * What the local stack takes from template.yaml: the S3 triggers of the functions (bucket,
 * events, prefix/suffix rules), the functions' environment and the Batch job's command and
 * environment. The template decides which variables exist and every literal value; the local
 * stack only says what its own resources are called, by logical id, the way CloudFormation
 * answers a !Ref or a !GetAtt.
 */
import type { QueueConfiguration } from '@aws-sdk/client-s3';
import { at, entriesOf, functionProperties, isIntrinsic, type Json, resourcesOfType } from '../template.mjs';

/** The account and region moto answers for; a `${AWS::AccountId}` in the template becomes these. */
export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_REGION = 'us-east-1';

/** What a local resource answers to `!Ref` (`ref`) and to each `!GetAtt` attribute it has. */
export type LocalResource = { readonly ref: string } & Readonly<Record<string, string>>;

export interface LocalValues {
  /** Values of template parameters; a parameter left out takes its Default. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The local stand-ins of the template's resources, by logical id. */
  readonly resources: Readonly<Record<string, LocalResource>>;
}

/** Turns a template value (a literal or !Ref/!Sub/!GetAtt) into its local string. */
export type Resolve = (value: Json | undefined, where: string) => string;

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Region': LOCAL_REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Resolves template values against local ones. A reference the local stack cannot answer (a
 * resource it does not create, a parameter without a value) fails with a sentence naming it,
 * rather than reaching a handler as an empty variable.
 */
export function templateResolver(template: Json, local: LocalValues): Resolve {
  const name = (id: string, where: string): string => {
    if (id in PSEUDO) return PSEUDO[id];
    if (id in local.parameters) return local.parameters[id];
    const parameter = at(template, 'Parameters', id);
    if (parameter) {
      const value = at(parameter, 'Default');
      if (value === undefined) throw new Error(`${where}: parameter ${id} has no Default; give the local stack a value for it.`);
      if (typeof value === 'object') throw new Error(`${where}: parameter ${id} has a Default that is not a string or a number.`);
      return String(value);
    }
    const resource = local.resources[id];
    if (!resource) throw new Error(`${where}: refers to ${id}, which the local stack does not create.`);
    return resource.ref;
  };
  const attribute = (id: string, attr: string, where: string): string => {
    const value = local.resources[id]?.[attr];
    if (value === undefined) throw new Error(`${where}: refers to ${id}.${attr}, which the local stack does not have.`);
    return value;
  };
  const sub = (text: string, where: string): string =>
    text.replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
      if (ref.startsWith('!')) return `\${${ref.slice(1)}}`;
      const dot = ref.indexOf('.');
      return dot > 0 && !ref.startsWith('AWS::') ? attribute(ref.slice(0, dot), ref.slice(dot + 1), where) : name(ref, where);
    });
  return (value, where) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (isIntrinsic(value)) {
      const { Ref: ref, 'Fn::GetAtt': getAtt, 'Fn::Sub': text } = value;
      if (typeof ref === 'string') return name(ref, where);
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') return attribute(getAtt[0], getAtt[1], where);
      if (typeof text === 'string') return sub(text, where);
    }
    throw new Error(`${where}: ${JSON.stringify(value)} is not a value the local stack resolves (a literal, !Ref, !GetAtt or a !Sub string).`);
  };
}

/** One S3 event source of a function (the `Events` entries of Type S3). */
export interface S3Trigger {
  readonly functionId: string;
  readonly eventId: string;
  /** Logical id of the bucket (`Bucket: !Ref InputBucket`). */
  readonly bucketId: string;
  readonly events: string[];
  readonly filterRules: { Name: string; Value: string }[];
}

/** Every S3 event source of every function, in template order. */
export function s3Triggers(template: Json): S3Trigger[] {
  return resourcesOfType(template, 'AWS::Serverless::Function').flatMap(([functionId]) =>
    entriesOf(at(functionProperties(template, functionId), 'Events'))
      .filter(([, event]) => at(event, 'Type') === 'S3')
      .map(([eventId, event]) => {
        const bucketId = at(event, 'Properties', 'Bucket', 'Ref');
        if (typeof bucketId !== 'string') throw new Error(`${functionId} ${eventId}: expected Bucket: !Ref <bucket>, got ${JSON.stringify(at(event, 'Properties', 'Bucket'))}.`);
        const events = [at(event, 'Properties', 'Events')].flat() as string[];
        const filterRules = (at(event, 'Properties', 'Filter', 'S3Key', 'Rules') ?? []) as { Name: string; Value: string }[];
        return { functionId, eventId, bucketId, events, filterRules };
      }),
  );
}

/**
 * The bucket notification configurations of the template, by bucket logical id: one queue
 * configuration per S3 event, delivered to the queue that stands in for its function.
 */
export function notificationConfigurations(template: Json, queueArnOf: (functionId: string) => string): Record<string, QueueConfiguration[]> {
  const byBucket: Record<string, QueueConfiguration[]> = {};
  for (const t of s3Triggers(template)) {
    (byBucket[t.bucketId] ??= []).push({
      Id: t.eventId,
      QueueArn: queueArnOf(t.functionId),
      Events: t.events as QueueConfiguration['Events'],
      ...(t.filterRules.length > 0 ? { Filter: { Key: { FilterRules: t.filterRules.map((r) => ({ Name: r.Name as 'prefix' | 'suffix', Value: r.Value })) } } } : {}),
    });
  }
  return byBucket;
}

/** A function's environment as the template declares it (Globals merged), resolved locally. */
export function functionEnvironment(template: Json, functionId: string, resolve: Resolve): Record<string, string> {
  const variables = entriesOf(at(functionProperties(template, functionId), 'Environment', 'Variables'));
  return Object.fromEntries(variables.map(([name, value]) => [name, resolve(value, `${functionId} ${name}`)]));
}

/** The Batch job's name, command and environment as the JobDefinition declares them, resolved locally. */
export function jobContainer(template: Json, resolve: Resolve): { name: string; command: string[]; environment: Record<string, string> } {
  const [[id, definition] = []] = resourcesOfType(template, 'AWS::Batch::JobDefinition');
  if (!definition) throw new Error('template.yaml declares no AWS::Batch::JobDefinition.');
  const container = at(definition, 'Properties', 'ContainerProperties');
  const environment = (at(container, 'Environment') ?? []) as { Name: string; Value: Json }[];
  return {
    name: resolve(at(definition, 'Properties', 'JobDefinitionName'), `${id} JobDefinitionName`),
    command: (at(container, 'Command') as Json[]).map((part, i) => resolve(part, `${id} Command[${i}]`)),
    environment: Object.fromEntries(environment.map((e) => [e.Name, resolve(e.Value, `${id} ${e.Name}`)])),
  };
}
