import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { S3Event } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/validate-upload/config.js';
import { createHandler } from '../../functions/validate-upload/index.js';
import { S3ObjectStore } from '../../functions/validate-upload/s3-store.js';
import { HEADER_BYTES, failureOf, validateUploadEvent, type ValidateUploadPorts } from '../../functions/validate-upload/validate-upload.js';
import { BASE_BATCH, HEADERS } from '../helpers/etl.js';
import { FakeJobs, MemoryStore, s3Event, s3Record } from '../helpers/validate-upload.js';

const INPUT = 'rentas-input';
const NOW = new Date('2025-06-01T14:05:00.000Z');
const FILES = Object.keys(BASE_BATCH) as (keyof typeof BASE_BATCH)[];

let input: MemoryStore;
let output: MemoryStore;
let jobs: FakeJobs;
let ports: ValidateUploadPorts;

beforeEach(() => {
  input = new MemoryStore(INPUT);
  output = new MemoryStore('rentas-output');
  jobs = new FakeJobs();
  ports = { input, output, jobs, now: () => NOW };
});

const upload = (batchId: string, file: string, body: string | Buffer = BASE_BATCH[file as keyof typeof BASE_BATCH] ?? '') =>
  input.put(`incoming/${batchId}/${file}`, body);
const run = (...keys: string[]) => validateUploadEvent(s3Event(...keys.map((k) => s3Record(INPUT, k))).Records, ports);

describe('validateUploadEvent: header check', () => {
  it('rejects a file with a missing column: writes error.json with expected and found, leaves the input, submits nothing', async () => {
    upload('lote-1', 'puntos_renta.csv', 'id_punto,nombre,telefono\n1,Centro,555\n');

    const { summaries } = await run('incoming/lote-1/puntos_renta.csv');

    expect(summaries).toEqual([
      expect.objectContaining({ key: 'incoming/lote-1/puntos_renta.csv', outcome: 'rejected', batchId: 'lote-1', code: 'HEADER_MISSING_COLUMN' }),
    ]);
    expect(output.json('rejected/lote-1/puntos_renta.csv.error.json')).toEqual({
      batchId: 'lote-1',
      file: 'puntos_renta.csv',
      key: 'incoming/lote-1/puntos_renta.csv',
      bucket: INPUT,
      table: 'puntos_renta',
      code: 'HEADER_MISSING_COLUMN',
      error:
        'puntos_renta.csv line 1: missing required columns direccion, horario_atencion; expected id_punto, nombre, direccion, telefono, horario_atencion (any order), found id_punto, nombre, telefono.',
      expected: ['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'],
      found: ['id_punto', 'nombre', 'telefono'],
      checkedAt: '2025-06-01T14:05:00.000Z',
    });
    expect(input.objects.has('incoming/lote-1/puntos_renta.csv')).toBe(true);
    expect(jobs.submitted).toEqual([]);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'FILE_EMPTY'],
    // A Windows-1252 header is read as such under INPUT_ENCODING=auto; UTF-8 mixed with other bytes is not.
    ['a header mixing UTF-8 with other bytes', Buffer.concat([Buffer.from('id_cliente,nombre,direcci\u00f3n,correo_electr'), Buffer.from([0xf3]), Buffer.from('nico\n')]), 'FILE_NOT_UTF8'],
    ['a repeated column', `${HEADERS.clientes},NOMBRE\n`, 'HEADER_DUPLICATE_COLUMN'],
    ['a first line longer than 64 KiB', `${'x'.repeat(HEADER_BYTES + 10)}\n`, 'FILE_TOO_LARGE_RECORD'],
  ])('rejects %s with its code, and found [] when no header could be read', async (_, body, code) => {
    upload('lote-1', 'clientes.csv', body);

    const { summaries } = await run('incoming/lote-1/clientes.csv');

    expect(summaries[0]).toMatchObject({ outcome: 'rejected', code });
    const error = output.json('rejected/lote-1/clientes.csv.error.json') as { code: string; found: string[] };
    expect(error.code).toBe(code);
    if (code !== 'HEADER_DUPLICATE_COLUMN') expect(error.found).toEqual([]);
  });

  it('accepts a header with extra columns and reports them as a warning', async () => {
    upload('lote-1', 'clientes.csv', `${HEADERS.clientes},notas\n`);

    const { summaries } = await run('incoming/lote-1/clientes.csv');

    expect(summaries[0]).toMatchObject({ outcome: 'accepted', warnings: ['clientes.csv: extra column ignored: notas.'] });
  });

  it('reads only the first 64 KiB of a large object', async () => {
    upload('lote-1', 'rentas.csv', `${HEADERS.rentas}\n${'1,1,1,1,1,2024-01-01,2024-01-02,10\n'.repeat(100_000)}`);

    await run('incoming/lote-1/rentas.csv');

    expect(input.reads).toEqual([{ key: 'incoming/lote-1/rentas.csv', start: 0, end: 65_535, bytes: 65_536 }]);
  });

  it('gunzips the start of a .csv.gz, even when the first 64 KiB cut the gzip stream', async () => {
    // Random notes make the rows incompressible, so the gzip runs well past 64 KiB.
    const rows = Array.from({ length: 5_000 }, (_, i) => `${i + 1},1,1,1,1,2024-01-01,2024-01-02,10,${randomBytes(24).toString('base64')}`);
    const gz = gzipSync(`${HEADERS.rentas},notas\n${rows.join('\n')}\n`);
    expect(gz.length).toBeGreaterThan(HEADER_BYTES);
    upload('lote-1', 'rentas.csv.gz', gz);

    const { summaries } = await run('incoming/lote-1/rentas.csv.gz');

    expect(summaries[0]).toMatchObject({ outcome: 'accepted' });
    expect(input.reads[0].bytes).toBe(HEADER_BYTES);
  });

  it('rejects a .csv.gz that is not gzip, and a gzipped bad header', async () => {
    upload('lote-1', 'clientes.csv.gz', 'id_cliente,nombre\n');
    upload('lote-1', 'vehiculos.csv.gz', gzipSync('id_vehiculo,marca\n1,BMW\n'));

    const { summaries } = await run('incoming/lote-1/clientes.csv.gz', 'incoming/lote-1/vehiculos.csv.gz');

    expect(summaries.map((s) => [s.outcome, s.code])).toEqual([
      ['rejected', 'FILE_UNREADABLE'],
      ['rejected', 'HEADER_MISSING_COLUMN'],
    ]);
  });

  it('skips an object deleted between the event and the read as gone', async () => {
    const { summaries } = await run('incoming/lote-1/rentas.csv');

    expect(summaries).toEqual([expect.objectContaining({ outcome: 'gone', batchId: 'lote-1' })]);
    expect(output.objects.size).toBe(0);
  });
});

describe('validateUploadEvent: readiness and the single job', () => {
  it('submits one job when the fourth valid file arrives, and records it in the claim marker', async () => {
    FILES.forEach((f) => upload('Sucursal Mérida junio', f));

    const outcomes = [];
    for (const f of FILES) outcomes.push(...(await run(`incoming/Sucursal Mérida junio/${f}`)).summaries.map((s) => s.outcome));

    expect(outcomes).toEqual(['submitted', 'already-claimed', 'already-claimed', 'already-claimed']);
    expect(jobs.submitted).toEqual([{ batchId: 'Sucursal Mérida junio', jobName: expect.stringMatching(/^rentas-Sucursal-Merida-junio-[0-9a-f]{8}$/), jobId: 'job-1' }]);
    expect(output.json('jobs/Sucursal Mérida junio.json')).toEqual({
      batchId: 'Sucursal Mérida junio',
      jobId: 'job-1',
      jobName: jobs.submitted[0].jobName,
      submittedAt: NOW.toISOString(),
      status: 'SUBMITTED',
    });
  });

  it('waits while files are missing, naming them', async () => {
    upload('lote-1', 'vehiculos.csv');
    upload('lote-1', 'clientes.csv');

    const { summaries } = await run('incoming/lote-1/vehiculos.csv');

    expect(summaries[0]).toMatchObject({ outcome: 'accepted', reason: 'waiting for puntos_renta, rentas or _SUCCESS' });
    expect(jobs.submitted).toEqual([]);
  });

  it('re-checks the other files and waits while one of them is invalid', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    upload('lote-1', 'clientes.csv', 'id_cliente\n');

    const { summaries } = await run('incoming/lote-1/rentas.csv');

    expect(summaries[0]).toMatchObject({ outcome: 'waiting', reason: 'all files are there but not valid: clientes.csv (rejected)' });
    expect(jobs.submitted).toEqual([]);
    expect(input.reads.every((r) => r.end === HEADER_BYTES - 1)).toBe(true);
  });

  it('submits on _SUCCESS with only the files present (two of four)', async () => {
    upload('lote-1', 'vehiculos.csv');
    upload('lote-1', 'rentas.csv');
    upload('lote-1', '_SUCCESS', '');

    const { summaries } = await run('incoming/lote-1/_SUCCESS');

    expect(summaries).toEqual([expect.objectContaining({ outcome: 'submitted', jobId: 'job-1', file: '_SUCCESS' })]);
    expect(jobs.submitted).toHaveLength(1);
    expect(input.reads).toEqual([]);
  });

  it('waits on a _SUCCESS that came before any table file, and submits with the first file', async () => {
    upload('lote-1', '_SUCCESS', '');
    const first = await run('incoming/lote-1/_SUCCESS');
    upload('lote-1', 'vehiculos.csv');
    const second = await run('incoming/lote-1/vehiculos.csv');

    expect(first.summaries[0].outcome).toBe('waiting');
    expect(second.summaries[0]).toMatchObject({ outcome: 'submitted', jobId: 'job-1' });
  });

  it('submits once when the same event is delivered twice', async () => {
    FILES.forEach((f) => upload('lote-1', f));

    const once = await run('incoming/lote-1/rentas.csv');
    const twice = await run('incoming/lote-1/rentas.csv');

    expect([once.summaries[0].outcome, twice.summaries[0].outcome]).toEqual(['submitted', 'already-claimed']);
    expect(jobs.submitted).toHaveLength(1);
  });

  it('submits once under 20 concurrent events for a complete batch', async () => {
    FILES.forEach((f) => upload('lote-1', f));

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run(`incoming/lote-1/${FILES[i % 4]}`)));

    const outcomes = results.map((r) => r.summaries[0].outcome);
    expect(outcomes.filter((o) => o === 'submitted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-claimed')).toHaveLength(19);
    expect(jobs.submitted).toHaveLength(1);
  });

  it('deletes the claim when SubmitJob fails and returns the error, so that a retry submits', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    jobs.failNext = 1;

    const failed = await run('incoming/lote-1/rentas.csv');
    const retried = await run('incoming/lote-1/rentas.csv');

    expect(failed.summaries).toEqual([]);
    expect(failed.failures).toEqual([{ key: 'incoming/lote-1/rentas.csv', batchId: 'lote-1', error: expect.objectContaining({ name: 'ClientException' }) }]);
    expect(failureOf(failed)?.message).toBe('Job queue is not in VALID state');
    expect(output.deleted).toEqual(['jobs/lote-1.json']);
    expect(retried.summaries[0]).toMatchObject({ outcome: 'submitted', jobId: 'job-1' });
  });

  it('reports a claim that could not be deleted after a failed SubmitJob', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    jobs.failNext = 1;
    output.delete = async () => {
      throw new Error('AccessDenied');
    };

    const failed = await run('incoming/lote-1/rentas.csv');

    expect(failed.failures[0].error).toMatchObject({ code: 'SUBMIT_FAILED_CLAIM_LEFT', batchId: 'lote-1' });
  });
});

describe('validateUploadEvent: every record', () => {
  it('handles every record of an event, a failing one included', async () => {
    FILES.forEach((f) => upload('completo', f));
    upload('malo', 'rentas.csv', 'id_renta\n');
    upload('b', 'vehiculos.csv');
    jobs.failNext = 1;

    const result = await validateUploadEvent(
      s3Event(
        s3Record(INPUT, 'batches/x/manifest.json'),
        s3Record(INPUT, 'incoming/malo/rentas.csv'),
        s3Record(INPUT, 'incoming/completo/rentas.csv'),
        s3Record(INPUT, 'incoming/b/vehiculos.csv'),
        s3Record(INPUT, 'incoming/b/notas.txt'),
        s3Record('another-bucket', 'incoming/b/vehiculos.csv'),
        s3Record(INPUT, 'incoming/b/vehiculos.csv', 'ObjectRemoved:Delete'),
      ).Records,
      ports,
    );

    expect(result.summaries.map((s) => [s.key, s.outcome, s.unsafe ?? false])).toEqual([
      ['batches/x/manifest.json', 'ignored', true],
      ['incoming/malo/rentas.csv', 'rejected', false],
      ['incoming/b/vehiculos.csv', 'accepted', false],
      ['incoming/b/notas.txt', 'rejected', false],
      ['incoming/b/vehiculos.csv', 'ignored', true],
      ['incoming/b/vehiculos.csv', 'ignored', false],
    ]);
    expect(result.failures.map((f) => f.key)).toEqual(['incoming/completo/rentas.csv']);
  });
});

describe('validateUploadEvent: malformed records', () => {
  it('skips and reports a malformed record, and handles the good records around it', async () => {
    upload('lote-1', 'vehiculos.csv');
    upload('lote-2', 'clientes.csv');
    const noKey = { ...s3Record(INPUT, 'incoming/lote-1/x.csv'), s3: { bucket: { name: INPUT }, object: {} } };
    const noBucket = { eventName: 'ObjectCreated:Put', s3: { object: { key: 'incoming/lote-1/rentas.csv' } } };

    const result = await validateUploadEvent(
      [null, s3Record(INPUT, 'incoming/lote-1/vehiculos.csv'), noKey, 7, 'incoming/lote-1/rentas.csv', noBucket, { s3: null }, s3Record(INPUT, 'incoming/lote-2/clientes.csv')],
      ports,
    );

    expect(result.failures).toEqual([]);
    expect(result.summaries.map((s) => [s.key, s.outcome, s.code, s.reason])).toEqual([
      ['', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 1 of 8 of the event is null, not an S3 record; skipped.'],
      ['incoming/lote-1/vehiculos.csv', 'accepted', undefined, 'waiting for puntos_renta, clientes, rentas or _SUCCESS'],
      ['', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 3 of 8 of the event has no s3.object.key; skipped.'],
      ['', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 4 of 8 of the event is a number, not an S3 record; skipped.'],
      ['', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 5 of 8 of the event is a string, not an S3 record; skipped.'],
      ['incoming/lote-1/rentas.csv', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 6 of 8 of the event has no s3.bucket.name; skipped.'],
      ['', 'malformed', 'EVENT_RECORD_MALFORMED', 'record 7 of 8 of the event has no s3 field; skipped.'],
      ['incoming/lote-2/clientes.csv', 'accepted', undefined, 'waiting for vehiculos, puntos_renta, rentas or _SUCCESS'],
    ]);
  });

  it('reports Records that is not a list, and takes an event without Records as empty', async () => {
    await expect(validateUploadEvent({ s3: {} }, ports)).resolves.toEqual({
      summaries: [{ key: '', outcome: 'malformed', code: 'EVENT_RECORD_MALFORMED', reason: "the event's Records is an object, not a list; skipped." }],
      failures: [],
    });
    await expect(validateUploadEvent(undefined, ports)).resolves.toEqual({ summaries: [], failures: [] });
  });

  it('submits a complete batch although a malformed record shares its event, and the invocation succeeds', async () => {
    const handler = createHandler(() => ports);
    FILES.forEach((f) => upload('lote-1', f));

    const summaries = await handler({ Records: [null, s3Record(INPUT, 'incoming/lote-1/rentas.csv')] } as unknown as S3Event);

    expect(summaries.map((s) => s.outcome)).toEqual(['malformed', 'submitted']);
    expect(jobs.submitted).toHaveLength(1);
  });

  it('does not fail on a null event', async () => {
    await expect(createHandler(() => ports)(null as unknown as S3Event)).resolves.toEqual([]);
  });
});

describe('validateUploadEvent: readiness follows the file the job loads', () => {
  it('submits when a good rentas.csv sits next to a bad rentas.csv.gz', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    upload('lote-1', 'rentas.csv.gz', 'not gzip at all');

    const { summaries } = await run('incoming/lote-1/vehiculos.csv');

    expect(summaries[0]).toMatchObject({ outcome: 'submitted', jobId: 'job-1' });
    expect(input.reads.map((r) => r.key)).not.toContain('incoming/lote-1/rentas.csv.gz');
  });

  it('rejects the bad rentas.csv.gz itself, without holding the batch', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    upload('lote-1', 'rentas.csv.gz', gzipSync('id_renta\n'));

    const gz = await run('incoming/lote-1/rentas.csv.gz');
    const csv = await run('incoming/lote-1/rentas.csv');

    expect(gz.summaries[0]).toMatchObject({ outcome: 'rejected', code: 'HEADER_MISSING_COLUMN' });
    expect(csv.summaries[0]).toMatchObject({ outcome: 'submitted' });
  });

  it('waits on a bad rentas.csv even when a good rentas.csv.gz is there, as the job would load the .csv', async () => {
    FILES.forEach((f) => upload('lote-1', f));
    upload('lote-1', 'rentas.csv', 'id_renta\n');
    upload('lote-1', 'rentas.csv.gz', gzipSync(BASE_BATCH['rentas.csv']));

    const { summaries } = await run('incoming/lote-1/rentas.csv.gz');

    expect(summaries[0]).toMatchObject({
      outcome: 'waiting',
      reason: 'all files are there but not valid: rentas.csv (rejected)',
      warnings: ['rentas.csv.gz ignored: rentas.csv is the rentas file of this batch.'],
    });
    expect(jobs.submitted).toEqual([]);
  });
});

describe('handler', () => {
  it('returns one summary per record', async () => {
    const handler = createHandler(() => ports);
    upload('lote-1', 'vehiculos.csv');

    await expect(handler(s3Event(s3Record(INPUT, 'incoming/lote-1/vehiculos.csv'), s3Record(INPUT, 'x')))).resolves.toEqual([
      expect.objectContaining({ outcome: 'accepted' }),
      expect.objectContaining({ outcome: 'ignored', unsafe: true }),
    ]);
  });

  it('fails the invocation with the SubmitJob error, after handling the other records', async () => {
    const handler = createHandler(() => ports);
    FILES.forEach((f) => upload('lote-1', f));
    upload('lote-2', 'rentas.csv', 'x\n');
    jobs.failNext = 1;

    await expect(handler(s3Event(s3Record(INPUT, 'incoming/lote-1/rentas.csv'), s3Record(INPUT, 'incoming/lote-2/rentas.csv')))).rejects.toThrow(
      'Job queue is not in VALID state',
    );
    expect(output.objects.has('rejected/lote-2/rentas.csv.error.json')).toBe(true);
    expect(output.objects.has('jobs/lote-1.json')).toBe(false);
  });
});

describe('S3ObjectStore', () => {
  const s3Error = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const stub = (...answers: (Error | object)[]) => {
    const sent: { input: Record<string, unknown> }[] = [];
    return {
      sent,
      send: async (command: { input: Record<string, unknown> }) => {
        sent.push(command);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  };

  it('asks for the range, counts the bytes and reads the size from Content-Range', async () => {
    const client = stub({ Body: [Buffer.from('abc'), Buffer.from('de')], ContentRange: 'bytes 0-4/524288000' });
    const store = new S3ObjectStore(client as never, 'b');

    await expect(store.getRange('k', 0, 65_535)).resolves.toEqual({ bytes: Buffer.from('abcde'), totalSize: 524_288_000 });
    expect(client.sent[0].input).toMatchObject({ Bucket: 'b', Key: 'k', Range: 'bytes=0-65535' });
    expect(store.bytesRead).toBe(5);
  });

  it('stops reading at the range length if the endpoint ignored the Range header', async () => {
    const body = (async function* () {
      for (;;) yield Buffer.alloc(16_384);
    })();
    const store = new S3ObjectStore(stub({ Body: body, ContentLength: 10_000_000 }) as never, 'b');

    const range = await store.getRange('k', 0, 65_535);

    expect(range?.bytes.length).toBe(65_536);
    expect(store.bytesRead).toBe(65_536);
  });

  it('maps NoSuchKey to undefined and a range on an empty object (416) to empty bytes', async () => {
    const store = new S3ObjectStore(stub(s3Error('NoSuchKey', 404), s3Error('InvalidRange', 416)) as never, 'b');

    await expect(store.getRange('k', 0, 9)).resolves.toBeUndefined();
    await expect(store.getRange('k', 0, 9)).resolves.toEqual({ bytes: Buffer.alloc(0), totalSize: 0 });
  });

  it('creates with If-None-Match *, answers exists on 412 and retries 409 with backoff', async () => {
    const waits: number[] = [];
    const client = stub({}, s3Error('PreconditionFailed', 412), s3Error('ConditionalRequestConflict', 409), s3Error('ConditionalRequestConflict', 409), {});
    const store = new S3ObjectStore(client as never, 'b', { sleep: async (ms) => void waits.push(ms) });

    expect(await store.putIfAbsent('jobs/x.json', { a: 1 })).toBe('created');
    expect(await store.putIfAbsent('jobs/x.json', { a: 1 })).toBe('exists');
    expect(await store.putIfAbsent('jobs/x.json', { a: 1 })).toBe('created');
    expect(client.sent[0].input).toMatchObject({ IfNoneMatch: '*', Key: 'jobs/x.json' });
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] - 100);
  });

  it('gives up on a claim that stays in conflict', async () => {
    const conflict = s3Error('ConditionalRequestConflict', 409);
    const store = new S3ObjectStore(stub(conflict, conflict, conflict) as never, 'b', { claimAttempts: 3, sleep: async () => {} });

    await expect(store.putIfAbsent('jobs/x.json', {})).rejects.toMatchObject({ code: 'CLAIM_CONFLICT' });
  });
});

describe('readConfig', () => {
  const env = { INPUT_BUCKET: 'in', OUTPUT_BUCKET: 'out', JOB_QUEUE: 'q', JOB_DEFINITION: 'd' };

  it('reads the four settings into a frozen object, INPUT_ENCODING auto by default', () => {
    const config = readConfig(env);
    expect(config).toEqual({ inputBucket: 'in', outputBucket: 'out', jobQueue: 'q', jobDefinition: 'd', inputEncoding: 'auto', s3ForcePathStyle: false });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the missing variable in one sentence', () => {
    expect(() => readConfig({ ...env, JOB_QUEUE: ' ' })).toThrow('JOB_QUEUE is not set: expected the name or ARN of the Batch job queue, got " ".');
  });
});
