import { randomUUID } from 'node:crypto';
import { TABLE_KEYS, type TableKey } from '../../common/manifest.js';
import { chooseTableFiles, tableForFile } from '../../common/tables/index.js';
import { INCOMING_PREFIX, decodeEventKey, isIgnored, jobNameFor, parseIncomingKey } from '../../common/keys.js';
import { ErrorCode, EtlError, messageOf } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import type { InputEncoding } from '../../common/text-encoding.js';
import { kindOf, readRecord, rawKeyOf, type EventRecord } from './event-record.js';
import { checkHeader, notATableDocument, rejectionDocument, rejectionKey, type ObjectRange, type RejectionDocument } from './header-check.js';

export { HEADER_BYTES } from './header-check.js';

/** The marker file that declares a batch complete whatever files it holds. */
export const SUCCESS_MARKER = '_SUCCESS';

/** Port: one bucket. Keys are plain (decoded) object keys. */
export interface ObjectStore {
  readonly bucket: string;
  /** Bytes `start..end` (inclusive) and the object's size; `undefined` when it does not exist. */
  getRange(key: string, start: number, end: number): Promise<ObjectRange | undefined>;
  /** Keys directly under `prefix` (not in deeper folders). */
  list(prefix: string): Promise<string[]>;
  putJson(key: string, body: unknown): Promise<void>;
  /** Writes only if no object has the key (S3 `If-None-Match: *`). */
  putIfAbsent(key: string, body: unknown): Promise<'created' | 'exists'>;
  delete(key: string): Promise<void>;
}

/** Port: submits the ETL job of one batch. */
export interface JobSubmitter {
  submit(request: { jobName: string; batchId: string }): Promise<{ jobId: string }>;
}

export interface ValidateUploadPorts {
  input: ObjectStore;
  output: ObjectStore;
  jobs: JobSubmitter;
  now?: () => Date;
  /** INPUT_ENCODING (default `auto`). */
  inputEncoding?: InputEncoding;
}

/**
 * - `ignored`: not a key or a file of the pipeline (`unsafe` when it looks like a path trick);
 * - `rejected`: bad header, or a file that is no table's (`rentas.txt`): error file written;
 *   `gone`: deleted before it could be read;
 * - `accepted`: header good, batch still missing files; `waiting`: all files there, but
 *   another one is not valid (yet), or a `_SUCCESS` marker came before any table file;
 * - `submitted`: this record submitted the batch's job; `already-claimed`: another did;
 * - `malformed`: not an S3 object record (`null`, no `s3.object.key`...): skipped, since a
 *   retry of the event would bring the same record again.
 */
export type Outcome = 'ignored' | 'rejected' | 'accepted' | 'submitted' | 'already-claimed' | 'waiting' | 'gone' | 'malformed';

export interface RecordSummary {
  key: string;
  outcome: Outcome;
  batchId?: string;
  file?: string;
  jobId?: string;
  jobName?: string;
  /** Why a record was ignored, rejected, or is waiting: one sentence. */
  reason?: string;
  unsafe?: boolean;
  /** The rejection code (an `ErrorCode` of the ETL core). */
  code?: string;
  warnings?: string[];
}

export interface RecordFailure {
  key: string;
  batchId?: string;
  error: unknown;
}

export interface EventResult {
  summaries: RecordSummary[];
  failures: RecordFailure[];
}

/** Where the job claim of a batch lives in the output bucket. */
export function claimKey(batchId: string): string {
  return `jobs/${batchId}.json`;
}

/**
 * Handles every record of an S3 event (`event.Records`, as received): checks the header of
 * each uploaded table file, writes the rejection of a bad one, and submits the batch's ETL job
 * once the batch is ready, exactly once per batch. A record that fails does not stop the
 * others; failures are returned (see `failureOf`) so that the caller can fail the invocation
 * after logging. A malformed record is a summary (`malformed`), not a failure: it is reported
 * and skipped, because failing would only bring it back, unchanged, on every retry.
 */
export async function validateUploadEvent(records: unknown, ports: ValidateUploadPorts): Promise<EventResult> {
  const result: EventResult = { summaries: [], failures: [] };
  if (records === undefined || records === null) return result;
  if (!Array.isArray(records)) {
    result.summaries.push(malformed('', t().uploadRecordsNotList({ kind: kindOf(records) })));
    return result;
  }
  for (const [index, raw] of records.entries()) {
    const record = readRecord(raw);
    if (typeof record === 'string') {
      const rawKey = rawKeyOf(raw);
      result.summaries.push(malformed(decodeEventKey(rawKey) ?? rawKey, t().uploadRecordMalformed({ index: index + 1, total: records.length, problem: record })));
      continue;
    }
    try {
      result.summaries.push(await validateRecord(record, ports));
    } catch (error) {
      const parsed = parseIncomingKey(record.rawKey);
      result.failures.push({ key: decodeEventKey(record.rawKey) ?? record.rawKey, batchId: isIgnored(parsed) ? undefined : parsed.batchId, error });
    }
  }
  return result;
}

function malformed(key: string, sentence: string): RecordSummary {
  return { key, outcome: 'malformed', code: ErrorCode.EVENT_RECORD_MALFORMED, reason: sentence };
}

/** The error to fail the invocation with, so that Lambda retries the event; undefined if none. */
export function failureOf(result: EventResult): Error | undefined {
  const errors = result.failures.map((f) =>
    f.error instanceof Error ? f.error : new EtlError(ErrorCode.INTERNAL, messageOf(f.error), { batchId: f.batchId, key: f.key }, { cause: f.error }),
  );
  if (errors.length <= 1) return errors[0];
  return new EtlError(
    ErrorCode.RECORDS_FAILED,
    t().uploadRecordsFailed({ failed: errors.length, total: errors.length + result.summaries.length, errors: errors.map((e) => e.message).join(' | ') }),
    {},
    { cause: new AggregateError(errors) },
  );
}

async function validateRecord(record: EventRecord, ports: ValidateUploadPorts): Promise<RecordSummary> {
  const { rawKey, bucket } = record;
  const key = decodeEventKey(rawKey) ?? rawKey;
  if (record.eventName && !record.eventName.startsWith('ObjectCreated')) {
    return { key, outcome: 'ignored', reason: t().uploadNotCreation({ event: record.eventName }) };
  }
  if (bucket !== ports.input.bucket) {
    return { key, outcome: 'ignored', unsafe: true, reason: t().uploadOtherBucket({ bucket, input: ports.input.bucket }) };
  }
  const parsed = parseIncomingKey(rawKey);
  if (isIgnored(parsed)) return { key, outcome: 'ignored', unsafe: parsed.unsafe, reason: parsed.ignored };

  const { batchId, file } = parsed;
  const place = { key, batchId, file };
  if (file === SUCCESS_MARKER) return { ...place, ...(await submitIfReady(batchId, key, ports)) };

  const now = (ports.now ?? (() => new Date()))();
  const reject = async (document: RejectionDocument): Promise<RecordSummary> => {
    await ports.output.putJson(rejectionKey(batchId, file), document);
    return { ...place, outcome: 'rejected', code: document.code, reason: document.error };
  };
  const table = tableForFile(file);
  // Contract §7: anything else in a batch folder is named in a file.rejected, never ignored in silence.
  if (!table) return reject(notATableDocument({ batchId, file, key, bucket }, now));

  const check = await checkHeader((k, s, e) => ports.input.getRange(k, s, e), key, file, table, ports.inputEncoding);
  if (check.status === 'gone') return { ...place, outcome: 'gone', reason: t().uploadGone };
  if (check.status === 'rejected') return reject(rejectionDocument({ batchId, file, key, bucket, table }, check, now));
  const decided = await submitIfReady(batchId, key, ports);
  const warnings = [...check.warnings, ...(decided.warnings ?? [])];
  return { ...place, ...decided, ...(warnings.length > 0 ? { warnings } : {}) };
}

type Decision = Omit<RecordSummary, 'key' | 'batchId' | 'file'>;

async function submitIfReady(batchId: string, triggerKey: string, ports: ValidateUploadPorts): Promise<Decision> {
  const readiness = await batchReadiness(batchId, triggerKey, ports);
  if (readiness.outcome !== 'ready') return readiness;
  const submitted = await submitOnce(batchId, triggerKey, ports);
  const warnings = [...(readiness.warnings ?? []), ...(submitted.warnings ?? [])];
  return { ...submitted, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * A batch is ready when its folder holds `_SUCCESS` and at least one table file, or all four
 * table files with valid headers. Of two files of one table (`rentas.csv` and
 * `rentas.csv.gz`) only the one the job loads counts (`chooseTableFiles`): the other cannot
 * hold the batch back. The files are checked again (ranged GETs of 64 KiB) rather than
 * remembered: the function keeps no state between events.
 */
async function batchReadiness(
  batchId: string,
  triggerKey: string,
  ports: ValidateUploadPorts,
): Promise<Decision | { outcome: 'ready'; warnings?: string[] }> {
  const prefix = `${INCOMING_PREFIX}${batchId}/`;
  const names = (await ports.input.list(prefix)).map((k) => k.slice(prefix.length)).filter((n) => n !== '' && !n.includes('/'));
  const choices = chooseTableFiles(names);
  const tableFiles = [...choices].map(([table, choice]) => ({ name: choice.chosen, table }));
  const trigger = triggerKey.slice(prefix.length);
  const unused = [...choices.values()].find((c) => c.others.includes(trigger));
  const warnings = unused ? [t().uploadSecondFile({ file: trigger, chosen: unused.chosen, table: String(tableForFile(trigger)) })] : undefined;
  const withWarnings = <T extends object>(decision: T) => (warnings ? { ...decision, warnings } : decision);
  if (names.includes(SUCCESS_MARKER)) {
    if (tableFiles.length > 0) return withWarnings({ outcome: 'ready' as const });
    return { outcome: 'waiting', reason: t().uploadMarkerNoTable({ marker: SUCCESS_MARKER }) };
  }
  if (triggerKey === `${prefix}${SUCCESS_MARKER}`) return { outcome: 'gone', reason: t().uploadMarkerGone({ marker: SUCCESS_MARKER }) };

  const missing = TABLE_KEYS.filter((t: TableKey) => !choices.has(t));
  if (missing.length > 0) return withWarnings({ outcome: 'accepted' as const, reason: t().uploadWaiting({ missing: missing.join(', '), marker: SUCCESS_MARKER }) });

  const others = tableFiles.filter((f) => `${prefix}${f.name}` !== triggerKey);
  const checks = await Promise.all(
    others.map((f) => checkHeader((k, s, e) => ports.input.getRange(k, s, e), `${prefix}${f.name}`, f.name, f.table, ports.inputEncoding)),
  );
  const invalid = others.flatMap((f, i) => (checks[i].status === 'ok' ? [] : [`${f.name} (${checks[i].status})`]));
  if (invalid.length > 0) return withWarnings({ outcome: 'waiting' as const, reason: t().uploadWaitingInvalid({ files: invalid.join(', ') }) });
  return withWarnings({ outcome: 'ready' as const });
}

async function holdsClaim(store: ObjectStore, marker: string, claimToken: string): Promise<boolean> {
  const found = await store.getRange(marker, 0, 65_535);
  if (!found) return false;
  try {
    const claim = JSON.parse(found.bytes.toString('utf8')) as { claimToken?: string; status?: string };
    return claim.claimToken === claimToken && claim.status === 'CLAIMED';
  } catch {
    return false;
  }
}

/**
 * Submits the batch's job once, whatever the number of concurrent or repeated events: the
 * conditional create of `jobs/<batch-id>.json` elects one submitter. If SubmitJob fails the
 * claim is deleted (a retry of the event can claim again) and the error is rethrown.
 */
async function submitOnce(batchId: string, triggerKey: string, ports: ValidateUploadPorts): Promise<Decision> {
  const now = ports.now ?? (() => new Date());
  const marker = claimKey(batchId);
  const jobName = jobNameFor(batchId);
  const claimToken = randomUUID();
  const claim = await ports.output.putIfAbsent(marker, { batchId, jobName, status: 'CLAIMED', claimedAt: now().toISOString(), triggerKey, claimToken });
  // A 412 can also answer the SDK's retry of our own create whose response was lost: then the
  // claim holds our token and the job is still ours to submit.
  if (claim === 'exists' && !(await holdsClaim(ports.output, marker, claimToken))) {
    return { outcome: 'already-claimed', jobName, reason: t().uploadAlreadyClaimed({ marker }) };
  }

  let jobId: string;
  try {
    ({ jobId } = await ports.jobs.submit({ jobName, batchId }));
  } catch (error) {
    await ports.output.delete(marker).catch((deleteError: unknown) => {
      throw new EtlError(
        ErrorCode.SUBMIT_FAILED_CLAIM_LEFT,
        t().uploadClaimLeft({ batchId, marker }),
        { batchId, key: triggerKey },
        { cause: new AggregateError([error, deleteError]) },
      );
    });
    throw error;
  }
  try {
    await ports.output.putJson(marker, { batchId, jobId, jobName, submittedAt: now().toISOString(), status: 'SUBMITTED' });
  } catch (error) {
    // The job exists: failing now would only make a retry find the claim. Report and go on.
    return { outcome: 'submitted', jobId, jobName, warnings: [t().uploadClaimNotUpdated({ marker, error: messageOf(error) })] };
  }
  return { outcome: 'submitted', jobId, jobName };
}
