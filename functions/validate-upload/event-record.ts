/**
 * Reading an S3 event record defensively: the handler is typed for S3 events, but a test event,
 * a hand-written replay or another sender can put anything in `Records`, and one bad record
 * must not stop the others.
 */
import { t } from '../../common/i18n/index.js';

/** What the check reads of an S3 event record. */
export interface EventRecord {
  readonly eventName?: string;
  readonly bucket: string;
  /** The key as the event spells it (URL-encoded). */
  readonly rawKey: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `null`, `a list`, `an object`, `a number`...: what a value is, for a sentence. */
export function kindOf(v: unknown): string {
  const kinds = t().uploadValueKind;
  const kind = v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
  return kinds[kind] ?? kinds.other;
}

/** The fields of an S3 object record, or the end of a sentence saying what it lacks. */
export function readRecord(raw: unknown): EventRecord | string {
  const problem = t().uploadRecordProblem;
  if (!isObject(raw)) return t().uploadRecordNotObject({ kind: kindOf(raw) });
  const { eventName, s3 } = raw;
  if (eventName !== undefined && typeof eventName !== 'string') return problem.eventNameNotText;
  if (!isObject(s3)) return problem.noS3;
  const key = isObject(s3.object) ? s3.object.key : undefined;
  if (typeof key !== 'string' || key === '') return problem.noKey;
  const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
  if (typeof bucket !== 'string' || bucket === '') return problem.noBucket;
  return { eventName, bucket, rawKey: key };
}

/** The key of a malformed record as the event spells it, when it has one that is a text; else ''. */
export function rawKeyOf(raw: unknown): string {
  const s3 = isObject(raw) ? raw.s3 : undefined;
  const key = isObject(s3) && isObject(s3.object) ? s3.object.key : undefined;
  return typeof key === 'string' ? key : '';
}
