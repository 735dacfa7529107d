import { createHash } from 'node:crypto';
import type { BatchResultErrorEntry, SendMessageBatchCommand, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/index-output/index.js';
import { EtlError } from '../../common/errors.js';
import {
  indexEvent,
  throwIfRecordsFailed,
  type IndexerPorts,
  type ObjectSource,
  type StoredObject,
} from '../../functions/index-output/indexer.js';
import { batchIdOfJob, outputKey } from '../../functions/index-output/messages.js';
import { messageBytes } from '../../functions/index-output/bound.js';
import {
  NotificationDeliveryError,
  makeDedupeKey,
  sqsNotificationSender,
  sqsSafeId,
  type Notification,
  type NotificationSender,
  type SqsBatchClient,
} from '../../functions/index-output/notifications.js';
import { batchJobEvent, buildManifest, output, rejection, s3Event, s3Record } from '../helpers/index-output-fixtures.js';
import { expectValidNotifications } from '../helpers/notification-schemas.js';

const BUCKET = 'rentas-output';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/notifications';

/** In-memory object store; bodies are streamed in 1 KiB chunks like an HTTP body. */
class FakeObjects implements ObjectSource {
  private readonly objects = new Map<string, Buffer>();
  readonly reads: string[] = [];

  put(key: string, value: unknown): this {
    this.objects.set(key, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
    return this;
  }

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    this.reads.push(`${bucket}/${key}`);
    const data = this.objects.get(key);
    if (!data) return undefined;
    return { body: chunks(data), eTag: createHash('md5').update(data).digest('hex'), contentLength: data.length };
  }
}

async function* chunks(data: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += 1024) yield data.subarray(i, i + 1024);
}

/** Records what the indexer sends; every message must match its type's published schema. */
class RecordingSender implements NotificationSender {
  readonly messages: Notification[] = [];
  async send(messages: Notification[]): Promise<void> {
    expectValidNotifications(messages);
    this.messages.push(...messages);
  }
}

/** SendMessageBatch fake: `script[n]` decides which entries of call n fail. */
class FakeSqs implements SqsBatchClient {
  readonly calls: SendMessageBatchRequestEntry[][] = [];
  constructor(private readonly script: Array<(entries: SendMessageBatchRequestEntry[]) => BatchResultErrorEntry[]> = []) {}

  async send(command: SendMessageBatchCommand) {
    const entries = command.input.Entries ?? [];
    this.calls.push(entries);
    const failed = this.script[this.calls.length - 1]?.(entries) ?? [];
    const failedIds = new Set(failed.map((f) => f.Id));
    return {
      Successful: entries.filter((e) => !failedIds.has(e.Id)).map((e) => ({ Id: e.Id!, MessageId: `id-${e.Id}`, MD5OfMessageBody: '' })),
      Failed: failed,
    };
  }
}

function notification(i: number, batchId = 'lote-1'): Notification {
  return { type: 'output.available', batchId, dedupeKey: makeDedupeKey('output.available', batchId, `k${i}`), occurredAt: '2025-06-01T00:00:00.000Z', key: `k${i}` };
}

const throttled = (entry: SendMessageBatchRequestEntry): BatchResultErrorEntry => ({
  Id: entry.Id!,
  SenderFault: false,
  Code: 'InternalError',
  Message: 'try again',
});

function ports(objects: ObjectSource, sender: NotificationSender = new RecordingSender()): IndexerPorts {
  return { objects, sender, now: () => new Date('2025-06-01T15:00:00.000Z') };
}

describe('sqsNotificationSender', () => {
  it('sends 1000 notifications in 100 SendMessageBatch calls of 10, Ids unique within each call', async () => {
    const sqs = new FakeSqs();

    await sqsNotificationSender(sqs, QUEUE).send(Array.from({ length: 1000 }, (_, i) => notification(i)));

    expect(sqs.calls).toHaveLength(100);
    for (const call of sqs.calls) {
      expect(call).toHaveLength(10);
      expect(new Set(call.map((e) => e.Id)).size).toBe(10);
    }
    const bodies = sqs.calls.flat().map((e) => JSON.parse(e.MessageBody!) as Notification);
    expect(bodies.map((b) => b.key)).toEqual(Array.from({ length: 1000 }, (_, i) => `k${i}`));
  });

  it('puts type and batchId into String message attributes and the notification into the JSON body', async () => {
    const sqs = new FakeSqs();
    const message = notification(1, 'lote 1 año');

    await sqsNotificationSender(sqs, QUEUE).send([message]);

    const [entry] = sqs.calls[0];
    expect(JSON.parse(entry.MessageBody!)).toEqual(message);
    expect(entry.MessageAttributes).toEqual({
      type: { DataType: 'String', StringValue: 'output.available' },
      batchId: { DataType: 'String', StringValue: 'lote 1 año' },
    });
    expect(entry.MessageGroupId).toBeUndefined();
    expect(entry.MessageDeduplicationId).toBeUndefined();
  });

  it('retries only the entries that failed, with exponential backoff, until they are sent', async () => {
    const sqs = new FakeSqs([(entries) => [throttled(entries[2]), throttled(entries[7])], (entries) => [throttled(entries[1])]]);
    const delays: number[] = [];
    const sender = sqsNotificationSender(sqs, QUEUE, { sleep: async (ms) => void delays.push(ms), random: () => 1 });
    const messages = Array.from({ length: 10 }, (_, i) => notification(i));

    await sender.send(messages);

    expect(sqs.calls.map((c) => c.length)).toEqual([10, 2, 1]);
    expect(sqs.calls[1].map((e) => JSON.parse(e.MessageBody!).key)).toEqual(['k2', 'k7']);
    expect(sqs.calls[2].map((e) => JSON.parse(e.MessageBody!).key)).toEqual(['k7']);
    expect(delays).toEqual([200, 400]);
  });

  it('gives up after maxAttempts and throws an error listing what was not sent', async () => {
    const alwaysFirst = (entries: SendMessageBatchRequestEntry[]) => [throttled(entries[0])];
    const sqs = new FakeSqs([alwaysFirst, alwaysFirst, alwaysFirst]);
    const sender = sqsNotificationSender(sqs, QUEUE, { maxAttempts: 3, sleep: async () => {} });

    const error = await sender.send([notification(0), notification(1)]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotificationDeliveryError);
    expect((error as NotificationDeliveryError).code).toBe('NOTIFICATION_DELIVERY_FAILED');
    expect((error as NotificationDeliveryError).failed).toEqual([
      { type: 'output.available', batchId: 'lote-1', dedupeKey: notification(0).dedupeKey, code: 'InternalError', message: 'try again', senderFault: false },
    ]);
    expect((error as Error).message).toContain('1 notification(s) could not be sent to SQS after 3 attempt(s)');
    expect(sqs.calls).toHaveLength(3);
  });

  it('does not retry an entry the queue refused (sender fault)', async () => {
    const sqs = new FakeSqs([(entries) => [{ Id: entries[0].Id!, SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad' }]]);

    const error = await sqsNotificationSender(sqs, QUEUE, { sleep: async () => {} }).send([notification(0), notification(1)]).catch((e: unknown) => e);

    expect(sqs.calls).toHaveLength(1);
    expect((error as NotificationDeliveryError).failed.map((f) => f.code)).toEqual(['InvalidMessageContents']);
  });

  it('goes on with the other groups when a call throws, then reports that group', async () => {
    let call = 0;
    const sqs: SqsBatchClient = {
      async send(command) {
        call++;
        if (call === 1) throw Object.assign(new Error('queue does not exist'), { name: 'QueueDoesNotExist' });
        return { Successful: command.input.Entries!.map((e) => ({ Id: e.Id!, MessageId: 'x', MD5OfMessageBody: '' })), Failed: [] };
      },
    };

    const error = await sqsNotificationSender(sqs, QUEUE).send(Array.from({ length: 15 }, (_, i) => notification(i))).catch((e: unknown) => e);

    expect(call).toBe(2);
    expect((error as NotificationDeliveryError).failed).toHaveLength(10);
    expect((error as NotificationDeliveryError).failed[0].code).toBe('QueueDoesNotExist');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('sets MessageGroupId to the batch id and MessageDeduplicationId to the dedupe key on a FIFO queue', async () => {
    const sqs = new FakeSqs();

    await sqsNotificationSender(sqs, `${QUEUE}.fifo`).send([notification(0, 'lote-1'), notification(1, 'lote 1 año')]);

    const [plain, accented] = sqs.calls[0];
    expect(plain.MessageGroupId).toBe('lote-1');
    expect(plain.MessageDeduplicationId).toBe(notification(0).dedupeKey);
    // SQS accepts only printable ASCII without spaces in these fields.
    expect(accented.MessageGroupId).toMatch(/^lote_1_a_o-[0-9a-f]{16}$/);
    expect(accented.MessageGroupId).not.toBe(sqsSafeId('lote 1 aoo'));
  });

  it('keeps FIFO ids within 128 characters', () => {
    expect(sqsSafeId('x'.repeat(128))).toBe('x'.repeat(128));
    expect(sqsSafeId('x'.repeat(300))).toMatch(/^x{111}-[0-9a-f]{16}$/);
    expect(sqsSafeId('é'.repeat(300))).toHaveLength(128);
  });

  it('splits a group that would exceed the byte limit, attributes counted', async () => {
    const sqs = new FakeSqs();
    const big = (i: number): Notification => ({ ...notification(i), padding: 'x'.repeat(1000) });

    // SQS counts each message as its body plus its attributes' names, types and values.
    expect(messageBytes(big(0))).toBe(Buffer.byteLength(JSON.stringify(big(0))) + 'typeStringoutput.available'.length + 'batchIdStringlote-1'.length);
    const threeFit = 3 * messageBytes(big(0)) + 10;

    await sqsNotificationSender(sqs, QUEUE, { maxBatchBytes: threeFit }).send([big(0), big(1), big(2), big(3), big(4)]);

    expect(sqs.calls.map((c) => c.length)).toEqual([3, 2]);
  });

  it('makes no call for no notifications', async () => {
    const sqs = new FakeSqs();
    await sqsNotificationSender(sqs, QUEUE).send([]);
    expect(sqs.calls).toHaveLength(0);
  });
});

describe('indexEvent', () => {
  describe('a manifest', () => {
    it('becomes one batch.succeeded summary and one output.available per output', async () => {
      const manifest = buildManifest('lote-1');
      const objects = new FakeObjects().put('batches/lote-1/manifest.json', manifest);
      const sender = new RecordingSender();

      const result = await indexEvent(s3Event(s3Record(BUCKET, 'batches/lote-1/manifest.json')), ports(objects, sender));

      expect(sender.messages.map((m) => m.type)).toEqual(['batch.succeeded', ...manifest.outputs.map(() => 'output.available')]);
      expect(sender.messages[0]).toMatchObject({
        type: 'batch.succeeded',
        batchId: 'lote-1',
        occurredAt: '2025-06-01T14:09:57.000Z',
        status: 'succeeded',
        bucket: BUCKET,
        manifestKey: 'batches/lote-1/manifest.json',
        tables: { rentas: { file: 'rentas.csv', status: 'loaded', rowsRead: 1000, inserted: 1000, updated: 0, unchanged: 0, rejected: 0 } },
        totals: { rowsRead: 1260, inserted: 1260, updated: 0, unchanged: 0, rejected: 0 },
        aggregateRows: 321,
        topVehicle: manifest.top[0],
        outputCount: 4,
      });
      expect(sender.messages[4]).toEqual({
        type: 'output.available',
        batchId: 'lote-1',
        dedupeKey: makeDedupeKey('output.available', 'lote-1', 'batches/lote-1/rejects/rentas.csv', manifest.outputs[3].sha256),
        occurredAt: '2025-06-01T14:09:57.000Z',
        bucket: BUCKET,
        key: 'batches/lote-1/rejects/rentas.csv',
        bytes: manifest.outputs[3].bytes,
        sha256: manifest.outputs[3].sha256,
        kind: 'rejects',
        manifestKey: 'batches/lote-1/manifest.json',
      });
      expect(result.outcomes).toEqual([
        { kind: 'indexed', types: ['batch.succeeded', 'output.available'], bucket: BUCKET, key: 'batches/lote-1/manifest.json', batchId: 'lote-1' },
      ]);
    });

    it.each([
      ['partial', 'batch.partial'],
      ['failed', 'batch.failed'],
    ] as const)('with status %s becomes %s', async (status, type) => {
      const objects = new FakeObjects().put('batches/b/manifest.json', buildManifest('b', { status, outputs: [] }));
      const sender = new RecordingSender();

      await indexEvent(s3Event(s3Record(BUCKET, 'batches/b/manifest.json')), ports(objects, sender));

      expect(sender.messages.map((m) => m.type)).toEqual([type]);
    });

    it('resolves an output path relative to the batch folder into a key', () => {
      expect(outputKey('top_vehiculos.csv', 'batches/lote 1/manifest.json')).toBe('batches/lote 1/top_vehiculos.csv');
      expect(outputKey('rejects/rentas.csv', 'batches/b/manifest.json')).toBe('batches/b/rejects/rentas.csv');
      expect(outputKey('warehouse/rentas.db', 'batches/b/manifest.json')).toBe('warehouse/rentas.db');
    });

    it('reads a key with spaces and accents URL-encoded in the event', async () => {
      const key = 'batches/lote 1 año+2/manifest.json';
      const objects = new FakeObjects().put(key, buildManifest('lote 1 año+2', { outputs: [] }));
      const sender = new RecordingSender();
      const record = s3Record(BUCKET, key);

      await indexEvent(s3Event(record), ports(objects, sender));

      expect(record.s3.object.key).toBe('batches/lote+1+a%C3%B1o%2B2/manifest.json');
      expect(objects.reads).toEqual([`${BUCKET}/${key}`]);
      expect(sender.messages[0].batchId).toBe('lote 1 año+2');
    });

    it('sends 999 outputs and their summary in 100 calls of 10', async () => {
      const outputs = Array.from({ length: 999 }, (_, i) => output('rejects', `batches/big/rejects/part-${i}.csv`));
      const objects = new FakeObjects().put('batches/big/manifest.json', buildManifest('big', { outputs }));
      const sqs = new FakeSqs();

      await indexEvent(s3Event(s3Record(BUCKET, 'batches/big/manifest.json')), ports(objects, sqsNotificationSender(sqs, QUEUE)));

      expect(sqs.calls).toHaveLength(100);
      expect(sqs.calls.every((c) => c.length === 10)).toBe(true);
    });
  });

  it('handles every record of the event, not only the first', async () => {
    const objects = new FakeObjects()
      .put('batches/a/manifest.json', buildManifest('a', { outputs: [] }))
      .put('batches/b/manifest.json', buildManifest('b', { status: 'partial', outputs: [] }))
      .put('rejected/c/rentas.csv.error.json', rejection('c'));
    const sender = new RecordingSender();

    const result = await indexEvent(
      s3Event(
        s3Record(BUCKET, 'batches/a/manifest.json'),
        s3Record(BUCKET, 'batches/b/manifest.json'),
        s3Record(BUCKET, 'rejected/c/rentas.csv.error.json'),
      ),
      ports(objects, sender),
    );

    expect(sender.messages.map((m) => [m.type, m.batchId])).toEqual([
      ['batch.succeeded', 'a'],
      ['batch.partial', 'b'],
      ['file.rejected', 'c'],
    ]);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['indexed', 'indexed', 'indexed']);
  });

  describe('dedupe keys', () => {
    it('are the same when the same S3 event is delivered again', async () => {
      const objects = new FakeObjects().put('batches/a/manifest.json', buildManifest('a')).put('rejected/a/x.csv.error.json', rejection('a', 'x.csv'));
      const event = s3Event(s3Record(BUCKET, 'batches/a/manifest.json'), s3Record(BUCKET, 'rejected/a/x.csv.error.json'));

      const first = await indexEvent(event, ports(objects));
      const again = await indexEvent(structuredClone(event), ports(objects));

      expect(again.sent.map((m) => m.dedupeKey)).toEqual(first.sent.map((m) => m.dedupeKey));
      expect(new Set(first.sent.map((m) => m.dedupeKey)).size).toBe(first.sent.length);
      expect(first.sent.every((m) => /^[0-9a-f]{64}$/.test(m.dedupeKey))).toBe(true);
    });

    it('change when the manifest is rewritten by a new run', async () => {
      const objects = new FakeObjects().put('batches/a/manifest.json', buildManifest('a', { outputs: [] }));
      const first = await indexEvent(s3Event(s3Record(BUCKET, 'batches/a/manifest.json')), ports(objects));
      objects.put('batches/a/manifest.json', buildManifest('a', { outputs: [], finishedAt: '2025-06-02T00:00:00.000Z' }));

      const rerun = await indexEvent(s3Event(s3Record(BUCKET, 'batches/a/manifest.json')), ports(objects));

      expect(rerun.sent[0].dedupeKey).not.toBe(first.sent[0].dedupeKey);
    });
  });

  it('turns an .error.json into file.rejected with the error sentence and the input key', async () => {
    const objects = new FakeObjects().put('rejected/lote 1/rentas.csv.error.json', rejection('lote 1'));
    const sender = new RecordingSender();

    await indexEvent(s3Event(s3Record(BUCKET, 'rejected/lote 1/rentas.csv.error.json')), ports(objects, sender));

    expect(sender.messages).toEqual([
      {
        type: 'file.rejected',
        batchId: 'lote 1',
        dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/),
        occurredAt: '2025-06-01T14:09:30.000Z',
        key: 'incoming/lote 1/rentas.csv',
        inputBucket: 'rentas-input',
        file: 'rentas.csv',
        table: 'rentas',
        code: 'HEADER_MISSING_COLUMN',
        error: 'rentas.csv line 1: missing required column costo_total.',
        expected: rejection('x').expected,
        found: rejection('x').found,
        errorBucket: BUCKET,
        errorKey: 'rejected/lote 1/rentas.csv.error.json',
      },
    ]);
  });

  it('skips malformed records (null, no bucket, no key, no event name) and still indexes the others', async () => {
    const objects = new FakeObjects().put('batches/b/manifest.json', buildManifest('b', { outputs: [] }));
    const sender = new RecordingSender();
    const good = s3Record(BUCKET, 'batches/b/manifest.json');
    const records = [null, { s3: {} }, { ...good, s3: { ...good.s3, object: {} } }, { ...good, eventName: undefined }, good];

    const result = await indexEvent({ Records: records }, ports(objects, sender));

    expect(result.outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'malformed-record',
      'malformed-record',
      'malformed-record',
      'malformed-record',
      'indexed',
    ]);
    expect(sender.messages.map((m) => m.batchId)).toEqual(['b']);
    expect(() => throwIfRecordsFailed(result)).not.toThrow();
  });

  it('skips a record whose object no longer exists and still sends the others', async () => {
    const objects = new FakeObjects().put('batches/b/manifest.json', buildManifest('b', { outputs: [] }));
    const sender = new RecordingSender();

    const result = await indexEvent(
      s3Event(s3Record(BUCKET, 'batches/gone/manifest.json'), s3Record(BUCKET, 'batches/b/manifest.json')),
      ports(objects, sender),
    );

    expect(result.outcomes[0]).toEqual({ kind: 'skipped', reason: 'object-missing', bucket: BUCKET, key: 'batches/gone/manifest.json', batchId: 'gone' });
    expect(sender.messages.map((m) => m.batchId)).toEqual(['b']);
    expect(() => throwIfRecordsFailed(result)).not.toThrow();
  });

  it('ignores objects that are neither manifests nor rejections, and removals', async () => {
    const objects = new FakeObjects();
    const result = await indexEvent(
      s3Event(s3Record(BUCKET, 'batches/a/top_vehiculos.csv'), s3Record(BUCKET, 'batches/a/manifest.json', { eventName: 'ObjectRemoved:Delete' })),
      ports(objects),
    );

    expect(result.outcomes.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual(['not-an-output-key', 'not-a-creation']);
    expect(objects.reads).toEqual([]);
  });

  it.each([
    ['larger than the cap', 'x'.repeat(3000), 'OBJECT_TOO_LARGE', 'is larger than 2,048 bytes'],
    ['not JSON', '{"batchId": ', 'OBJECT_NOT_JSON', 'is not valid JSON'],
    ['JSON but not a manifest', { batchId: 'a', status: 'done' }, 'MANIFEST_INVALID', 'status must be succeeded, partial or failed, got "done"'],
  ])('reports a manifest %s as failed, sends the other records, then fails the event', async (_, content, code, sentence) => {
    const objects = new FakeObjects().put('batches/bad/manifest.json', content).put('batches/ok/manifest.json', buildManifest('ok', { outputs: [] }));
    const sender = new RecordingSender();

    const result = await indexEvent(s3Event(s3Record(BUCKET, 'batches/bad/manifest.json'), s3Record(BUCKET, 'batches/ok/manifest.json')), {
      ...ports(objects, sender),
      maxObjectBytes: 2048,
    });

    expect(sender.messages.map((m) => m.batchId)).toEqual(['ok']);
    const failed = result.outcomes[0];
    expect(failed.kind).toBe('failed');
    expect(failed.kind === 'failed' && failed.error.code).toBe(code);
    expect(failed.kind === 'failed' && failed.error.message).toContain(sentence);
    expect(() => throwIfRecordsFailed(result)).toThrow(EtlError);
    expect(() => throwIfRecordsFailed(result)).toThrow(/1 record\(s\) could not be indexed\. s3:\/\/rentas-output\/batches\/bad\/manifest\.json/);
  });

  it('reports a record whose object cannot be read as failed', async () => {
    const objects: ObjectSource = {
      get: async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      },
    };
    const result = await indexEvent(s3Event(s3Record(BUCKET, 'batches/a/manifest.json')), ports(objects));
    expect(result.outcomes[0]).toMatchObject({ kind: 'failed', error: { code: 'OBJECT_UNREADABLE' } });
  });

  describe('a Batch job state change', () => {
    it('FAILED becomes batch.failed with the BATCH_ID of the job, its id, name and reason', async () => {
      const sender = new RecordingSender();

      await indexEvent(batchJobEvent({ batchId: 'lote 1 año' }), ports(new FakeObjects(), sender));

      expect(sender.messages).toEqual([
        {
          type: 'batch.failed',
          batchId: 'lote 1 año',
          dedupeKey: makeDedupeKey('batch.failed', 'lote 1 año', '4c7599ae-0a82-49aa-ba5a-4727fcce14a8'),
          occurredAt: '2025-06-01T14:07:06.000Z',
          jobId: '4c7599ae-0a82-49aa-ba5a-4727fcce14a8',
          jobName: 'rentas-lote-1-0c1d2e3f',
          jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/etl',
          statusReason: 'Essential container in task exited',
          exitCode: 75,
          reason: null,
          logStreamName: 'etl/default/abc',
        },
      ]);
    });

    it('falls back on the job name when the job has no BATCH_ID', () => {
      const detail = (jobName: string) => batchJobEvent({ jobName }).detail;
      expect(batchIdOfJob(detail('rentas-lote-7-0c1d2e3f'))).toBe('lote-7');
      expect(batchIdOfJob(detail('rentas-2025-06-01-1748786531'))).toBe('2025-06-01');
      expect(batchIdOfJob(detail('something'))).toBe('something');
    });

    it('other states send nothing', async () => {
      const sender = new RecordingSender();
      const result = await indexEvent(batchJobEvent({ status: 'SUCCEEDED', batchId: 'a' }), ports(new FakeObjects(), sender));
      expect(sender.messages).toEqual([]);
      expect(result.outcomes).toEqual([{ kind: 'skipped', reason: 'job-not-failed', batchId: 'a' }]);
    });
  });

  it('skips an event it does not recognize', async () => {
    const result = await indexEvent({ hello: 'world' }, ports(new FakeObjects()));
    expect(result.outcomes).toEqual([{ kind: 'skipped', reason: 'unrecognized-event' }]);
  });

  it('reads keys as moto encodes them, slashes included', async () => {
    const objects = new FakeObjects().put('batches/lote 1/manifest.json', buildManifest('lote 1', { outputs: [] }));
    const record = s3Record(BUCKET, 'batches/lote 1/manifest.json');
    record.s3.object.key = 'batches%2Flote+1%2Fmanifest.json';

    const result = await indexEvent(s3Event(record), ports(objects));

    expect(result.sent.map((m) => m.batchId)).toEqual(['lote 1']);
  });
});

describe('index-output handler', () => {
  it('makes its ports once, on the first invocation', async () => {
    let made = 0;
    const handler = makeHandler(() => {
      made++;
      return ports(new FakeObjects());
    });
    expect(made).toBe(0);

    await handler(batchJobEvent({ batchId: 'a' }));
    await handler(batchJobEvent({ batchId: 'b' }));

    expect(made).toBe(1);
  });

  it('sends what it could, then throws so that Lambda keeps the event', async () => {
    const objects = new FakeObjects().put('batches/bad/manifest.json', 'nope').put('batches/ok/manifest.json', buildManifest('ok', { outputs: [] }));
    const sender = new RecordingSender();
    const handler = makeHandler(() => ports(objects, sender));

    await expect(handler(s3Event(s3Record(BUCKET, 'batches/bad/manifest.json'), s3Record(BUCKET, 'batches/ok/manifest.json')))).rejects.toMatchObject({
      code: 'RECORDS_FAILED',
    });
    expect(sender.messages.map((m) => m.batchId)).toEqual(['ok']);
  });

  it('returns the count of notifications sent and each record outcome', async () => {
    const objects = new FakeObjects().put('batches/a/manifest.json', buildManifest('a'));
    const handler = makeHandler(() => ports(objects));

    await expect(handler(s3Event(s3Record(BUCKET, 'batches/a/manifest.json'), s3Record(BUCKET, 'batches/gone/manifest.json')))).resolves.toEqual({
      sent: 5,
      outcomes: ['indexed', 'skipped'],
    });
  });
});
