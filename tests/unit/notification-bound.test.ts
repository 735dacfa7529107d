import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { boundNotification, MAX_MESSAGE_BYTES, messageBytes, utf8Prefix } from '../../functions/index-output/bound.js';
import { batchFailedNotification, manifestNotifications, rejectedNotification, type BatchJobStateChange } from '../../functions/index-output/messages.js';
import { makeDedupeKey, sqsNotificationSender, type Notification } from '../../functions/index-output/notifications.js';
import { NOTIFICATION_SCHEMAS, notificationProblems } from '../../scripts/local-aws/notification-schemas.js';
import { NOTIFICATION_TYPES } from '../../functions/index-output/notifications.js';
import { TABLE_KEYS } from '../../common/manifest.js';
import { batchJobEvent, buildManifest, rejection } from '../helpers/index-output-fixtures.js';
import { expectValidNotifications } from '../helpers/notification-schemas.js';

const KIB = 1024;
/** 1-, 2-, 3- and 4-byte characters, repeated past `bytes`: every cut point meets a multi-byte one. */
function multiByte(bytes: number): string {
  const unit = 'aé€😀ñ漢🚗 '; // 1+2+3+4+2+3+4+1 = 20 bytes
  return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
}

const ctx = (key: string) => ({ bucket: 'rentas-output', key, batchId: 'lote ñ 1', eTag: 'etag-1', occurredAt: '2025-06-01T15:00:00.000Z' });

/** The text before the marker is a prefix of the original, whole characters only. */
function expectCutPrefix(cut: string, original: string, marker: RegExp): void {
  const at = cut.lastIndexOf('… [cut: ');
  expect(at).toBeGreaterThan(0);
  expect(cut.slice(at)).toMatch(marker);
  const kept = cut.slice(0, at);
  expect(original.startsWith(kept)).toBe(true);
  expect(kept).not.toContain('\uFFFD');
  expect(Buffer.from(kept, 'utf8').toString('utf8')).toBe(kept);
}

describe('utf8Prefix', () => {
  it('keeps at most the given bytes and never splits a character', () => {
    const text = multiByte(100);
    for (let n = 0; n <= 60; n++) {
      const { text: kept, cutBytes } = utf8Prefix(text, n);
      expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(n);
      expect(Buffer.byteLength(kept) + cutBytes).toBe(Buffer.byteLength(text));
      expect(text.startsWith(kept)).toBe(true);
      // At most 3 bytes are given up to reach a boundary.
      expect(n - Buffer.byteLength(kept)).toBeLessThanOrEqual(3);
    }
  });

  it('returns a text that fits unchanged', () => {
    expect(utf8Prefix('año', 4)).toEqual({ text: 'año', cutBytes: 0 });
  });
});

describe('notification size bound (64 KiB with the attributes)', () => {
  it('counts the attributes as SQS does: names, data type and values', () => {
    const m: Notification = { type: 'batch.failed', batchId: 'ñ', dedupeKey: 'd', occurredAt: 't' };
    expect(messageBytes(m)).toBe(Buffer.byteLength(JSON.stringify(m)) + Buffer.byteLength('typeStringbatch.failed') + Buffer.byteLength('batchIdStringñ'));
  });

  it('leaves a message that fits as it is', () => {
    const [summary, ...outputs] = manifestNotifications(buildManifest('lote ñ 1'), ctx('batches/lote ñ 1/manifest.json'));
    expect(boundNotification(summary)).toBe(summary);
    expect(summary).not.toHaveProperty('error');
    for (const o of outputs) expect(boundNotification(o)).toBe(o);
  });

  it('cuts a 100 KiB multi-byte batch error and table error with a marker naming the manifest', () => {
    const error = multiByte(100 * KIB);
    const manifest = buildManifest('lote ñ 1', { status: 'failed', error });
    manifest.tables.rentas = { ...manifest.tables.rentas, status: 'rejected', error: multiByte(100 * KIB) };
    manifest.tables.clientes = { ...manifest.tables.clientes, error: 'clientes.csv line 1: short.' };
    const key = 'batches/lote ñ 1/manifest.json';

    const [summary] = manifestNotifications(manifest, ctx(key));

    expect(summary.type).toBe('batch.failed');
    expect(messageBytes(summary)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    // Both long texts share the room; neither is cut to nothing.
    expect(messageBytes(summary)).toBeGreaterThan(MAX_MESSAGE_BYTES - 100);
    const marker = new RegExp(`^… \\[cut: \\d+ more bytes, full text in ${key}\\]$`);
    expectCutPrefix(summary.error as string, error, marker);
    const tables = summary.tables as Record<string, { error?: string }>;
    expectCutPrefix(tables.rentas.error!, manifest.tables.rentas.error!, marker);
    expect(Buffer.byteLength(summary.error as string)).toBeGreaterThan(25 * KIB);
    // A short text is not touched.
    expect(tables.clientes.error).toBe('clientes.csv line 1: short.');
    expectValidNotifications([summary]);
  });

  it('cuts a file.rejected sentence and its header name lists, pointing to the error record', () => {
    const record = {
      ...rejection('lote ñ 1'),
      error: multiByte(100 * KIB),
      found: Array.from({ length: 20_000 }, (_, i) => `columna_${i}_ñandú`),
    };
    const key = 'rejected/lote ñ 1/rentas.csv.error.json';

    const message = rejectedNotification(record, ctx(key));

    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expectCutPrefix(message.error as string, record.error, new RegExp(`^… \\[cut: \\d+ more bytes, full text in ${key}\\]$`));
    const found = message.found as string[];
    expect(found.at(-1)).toMatch(new RegExp(`^… \\[cut: \\d+ more of 20000, full text in ${key}\\]$`));
    expect(found.slice(0, -1)).toEqual(record.found.slice(0, found.length - 1));
    expect(message.expected).toEqual(record.expected);
    expectValidNotifications([message]);
  });

  it('cuts a batch.failed job reason with a marker only: no object holds the full text', () => {
    const event = batchJobEvent({ batchId: 'lote ñ 1' }) as BatchJobStateChange;
    event.detail.statusReason = multiByte(100 * KIB);
    event.detail.container!.reason = '😀'.repeat(30 * KIB);

    const message = batchFailedNotification(event, '2025-06-01T15:00:00.000Z');

    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expectCutPrefix(message.statusReason as string, event.detail.statusReason, /^… \[cut: \d+ more bytes\]$/);
    expectCutPrefix(message.reason as string, event.detail.container!.reason, /^… \[cut: \d+ more bytes\]$/);
    expect(message.jobId).toBe(event.detail.jobId);
    expectValidNotifications([message]);
  });

  it('counts JSON escapes: a text of quotes and control characters is cut to fit too', () => {
    const event = batchJobEvent({ batchId: 'lote 1' }) as BatchJobStateChange;
    event.detail.statusReason = '"\u0001'.repeat(40 * KIB); // 80 KiB as text, 280 KiB as JSON
    const message = batchFailedNotification(event, '2025-06-01T15:00:00.000Z');
    expect(messageBytes(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expectValidNotifications([message]);
  });

  it('bounds what the sender sends even when the caller did not', async () => {
    const bodies: string[] = [];
    const sqs = {
      async send(command: SendMessageBatchCommand) {
        const entries = command.input.Entries ?? [];
        bodies.push(...entries.map((e) => e.MessageBody!));
        return { Successful: entries.map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: '' })), Failed: [] };
      },
    };
    const long: Notification = {
      type: 'batch.failed',
      batchId: 'lote 1',
      dedupeKey: makeDedupeKey('x'),
      occurredAt: '2025-06-01T15:00:00.000Z',
      jobId: 'j',
      jobName: 'rentas-lote-1',
      jobQueue: null,
      statusReason: multiByte(100 * KIB),
      exitCode: 1,
      reason: null,
      logStreamName: null,
    };
    await sqsNotificationSender(sqs, 'https://sqs.us-east-1.amazonaws.com/1/n').send([long]);
    expect(bodies).toHaveLength(1);
    expect(Buffer.byteLength(bodies[0])).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expectValidNotifications([JSON.parse(bodies[0])]);
  });
});

describe('notification schemas', () => {
  const [summary, output] = manifestNotifications(buildManifest('lote 1'), ctx('batches/lote 1/manifest.json'));

  it('are one draft-07 document per type, the batch summaries alike but for type and status', () => {
    expect(Object.keys(NOTIFICATION_SCHEMAS).sort()).toEqual([...NOTIFICATION_TYPES].sort());
    for (const [type, schema] of Object.entries(NOTIFICATION_SCHEMAS) as Array<[string, any]>) {
      expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', $id: `urn:rentas-pipeline:notification:${type}`, title: type });
    }
    const shape = (s: any) => JSON.stringify(s, (k, v: unknown) => (k === 'type' || k === 'status') && typeof v === 'object' && v !== null && 'const' in v ? '*' : k === 'description' ? undefined : v);
    const [succeeded, partial, failed] = (['batch.succeeded', 'batch.partial', 'batch.failed'] as const).map((t) => NOTIFICATION_SCHEMAS[t] as any);
    expect(shape({ ...partial, title: '', $id: '' })).toBe(shape({ ...succeeded, title: '', $id: '' }));
    expect(shape(failed.oneOf[0].properties)).toBe(shape(succeeded.properties));
    expect(Object.keys(succeeded.properties.tables.properties).sort()).toEqual([...TABLE_KEYS].sort());
  });

  it('accept what the indexer builds, with matching attributes', () => {
    expect(notificationProblems(summary, { type: 'batch.succeeded', batchId: 'lote 1' })).toEqual([]);
    expect(notificationProblems(output, { type: 'output.available', batchId: 'lote 1' })).toEqual([]);
  });

  it('refuse a missing field, an unknown field, a wrong type, a bad attribute and an oversized body', () => {
    const { sha256: _, ...noChecksum } = output;
    expect(notificationProblems(noChecksum).join()).toMatch(/sha256/);
    expect(notificationProblems({ ...output, extra: 1 }).join()).toMatch(/additional/);
    expect(notificationProblems({ ...summary, aggregateRows: 'many' }).join()).toMatch(/aggregateRows/);
    expect(notificationProblems({ ...summary, status: 'partial' }).join()).toMatch(/status/);
    expect(notificationProblems({ ...output, type: 'output.ready' }).join()).toMatch(/type must be one of/);
    expect(notificationProblems(output, { type: 'output.available', batchId: 'otro' }).join()).toMatch(/attribute batchId/);
    expect(notificationProblems({ ...summary, error: 'x'.repeat(70 * KIB) }).join()).toMatch(/over the 65536-byte bound/);
  });
});
