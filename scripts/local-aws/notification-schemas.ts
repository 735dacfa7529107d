/**
 * Checks a notification against the published JSON Schema of its type
 * (functions/index-output/schemas/<type>.schema.json, draft-07) and against the SQS message
 * attributes it came with. For tests and `pipeline:local` only: the Lambda bundle never
 * imports a validator.
 */
import { Ajv } from 'ajv';
import batchSucceeded from '../../functions/index-output/schemas/batch.succeeded.schema.json' with { type: 'json' };
import batchPartial from '../../functions/index-output/schemas/batch.partial.schema.json' with { type: 'json' };
import batchFailed from '../../functions/index-output/schemas/batch.failed.schema.json' with { type: 'json' };
import fileRejected from '../../functions/index-output/schemas/file.rejected.schema.json' with { type: 'json' };
import outputAvailable from '../../functions/index-output/schemas/output.available.schema.json' with { type: 'json' };
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from '../../functions/index-output/notifications.js';
import { messageBytes, MAX_MESSAGE_BYTES } from '../../functions/index-output/bound.js';

export const NOTIFICATION_SCHEMAS: Record<NotificationType, object> = {
  'batch.succeeded': batchSucceeded,
  'batch.partial': batchPartial,
  'batch.failed': batchFailed,
  'file.rejected': fileRejected,
  'output.available': outputAvailable,
};

/** What ajv's compile() gives back, as this module reads it. */
interface Validate {
  (data: unknown): boolean;
  errors?: Array<{ instancePath?: string; message?: string }> | null;
}

let validators: Map<string, Validate> | undefined;

function validatorFor(type: string): Validate | undefined {
  if (!validators) {
    // Draft-07: the dialect of ajv's default class.
    const ajv = new Ajv({ allErrors: true });
    validators = new Map(Object.entries(NOTIFICATION_SCHEMAS).map(([t, s]) => [t, ajv.compile(s) as Validate]));
  }
  return validators.get(type);
}

/**
 * The problems of one received notification, none when it is valid: the body against its
 * type's schema, the `type` and `batchId` attributes against the body, and the size bound.
 */
export function notificationProblems(body: unknown, attributes?: Record<string, string | undefined>): string[] {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(NOTIFICATION_TYPES as readonly string[]).includes(type)) {
    return [`type must be one of ${NOTIFICATION_TYPES.join(', ')}, got ${JSON.stringify(type) ?? 'nothing'}`];
  }
  const validate = validatorFor(type)!;
  const problems = validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath ?? ''} ${e.message ?? 'is invalid'}`.trim());
  const b = body as Notification;
  if (attributes) {
    if (attributes.type !== b.type) problems.push(`attribute type ${JSON.stringify(attributes.type)} differs from the body's ${JSON.stringify(b.type)}`);
    if (attributes.batchId !== (b.batchId || '-')) problems.push(`attribute batchId ${JSON.stringify(attributes.batchId)} differs from the body's ${JSON.stringify(b.batchId)}`);
  }
  const bytes = messageBytes(b);
  if (bytes > MAX_MESSAGE_BYTES) problems.push(`the message takes ${bytes} bytes with its attributes, over the ${MAX_MESSAGE_BYTES}-byte bound`);
  return problems;
}
