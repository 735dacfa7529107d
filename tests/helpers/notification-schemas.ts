/**
 * Every notification a test receives is checked against the published schema of its type
 * (functions/index-output/schemas/), its SQS attributes and the 64 KiB bound.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { notificationProblems } from '../../scripts/local-aws/notification-schemas.js';
import { receiveMessages } from '../../scripts/local-aws/sqs.js';

type Attributes = Record<string, string | undefined>;

/** Bodies as built or sent (no attributes), or as received with their attributes. */
export function expectValidNotifications(messages: readonly unknown[]): void {
  const problems = messages.flatMap((m, i) => {
    const received = typeof m === 'object' && m !== null && 'body' in m && 'attributes' in m;
    const body = received ? (m as { body: unknown }).body : m;
    const attributes = received ? (m as { attributes: Attributes }).attributes : undefined;
    return notificationProblems(body, attributes).map((p) => `message ${i} (${String((body as { type?: unknown })?.type)}): ${p}`);
  });
  expect(problems).toEqual([]);
}

/** SQS messages as ReceiveMessage returns them (MessageAttributeNames: All). */
export function expectValidSqsMessages(messages: readonly Message[]): void {
  expectValidNotifications(
    messages.map((m) => ({
      body: JSON.parse(m.Body ?? 'null') as unknown,
      attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])),
    })),
  );
}

/** receiveMessages of a notifications queue, every message checked. */
export async function receiveNotifications(...args: Parameters<typeof receiveMessages>): Promise<Message[]> {
  const messages = await receiveMessages(...args);
  expectValidSqsMessages(messages);
  return messages;
}
