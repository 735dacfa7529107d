import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { decideFile, readRecords } from './csv-records.js';
import { ErrorCode, EtlError, FileRejectedError, ioFault, messageOf, serializeError, type SerializedError } from '../../../common/errors.js';
import type { InputLimits } from './config.js';
import { type Lang, setLang, t } from '../../../common/i18n/index.js';
import { type CollectedGroups, RentalGroups } from './rental-groups.js';
import { type AbsentTable, type KnownIds, RowPipeline, type RowSummary } from './row-pipeline.js';
import { contractFor, type TableLimits } from '../../../common/tables/index.js';
import type { TableKey } from '../../../common/manifest.js';

/**
 * Worker-thread side of `rowSource`: reads, parses and checks one file with a RowPipeline and
 * posts the accepted rows, never more than `window` chunks ahead of the acknowledgements, so
 * memory stays flat when inserting is slower than parsing.
 */
export type WorkerMessage =
  | { type: 'chunk'; values: (string | number)[]; rowsRead: number; bytesRead: number }
  | { type: 'end'; summary: RowSummary; groups?: CollectedGroups }
  | { type: 'error'; error: SerializedError };

interface WorkerInput {
  path: string;
  table: TableKey;
  rejectsPath: string;
  now: number;
  limits: TableLimits & InputLimits;
  knownIds: KnownIds;
  absent: AbsentTable[];
  window: number;
  /** The run's language: the thread's sentences are those of the thread that started it. */
  lang: Lang;
  /** Sum the aggregate's groups of the accepted rows (a fact table loaded into an empty table). */
  collectGroups: boolean;
}

const input = workerData as WorkerInput;
setLang(input.lang);
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  wake?.();
});

const contract = contractFor(input.table, new Date(input.now), input.limits);
let pipeline: RowPipeline | undefined;
try {
  const header = await decideFile(input.path, contract, input.limits);
  pipeline = new RowPipeline(contract, basename(input.path), input.rejectsPath, input.knownIds, header, input.limits.maxRejectsWritten, input.absent);
  // Summed here, where there is time to spare while the other thread inserts the rows.
  const groups = input.collectGroups ? new RentalGroups(contract) : undefined;
  for await (const batch of readRecords(input.path, { ...input.limits, lineEnd: header.lineEnd, encoding: header.encoding })) {
    const values = pipeline.process(batch);
    groups?.add(values);
    while (inFlight >= input.window) await new Promise<void>((resolve) => (wake = resolve));
    inFlight++;
    port.postMessage({ type: 'chunk', values, rowsRead: pipeline.summary.rowsRead, bytesRead: batch.bytesRead } satisfies WorkerMessage);
  }
  const summary = pipeline.finish();
  groups?.complete();
  port.postMessage({ type: 'end', summary, groups: groups?.collected() } satisfies WorkerMessage);
} catch (e) {
  pipeline?.discard();
  const file = basename(input.path);
  // A fault of the machine stays one across the thread boundary: the run fails, the file is not
  // blamed. A system error reading the file (EACCES...) rejects the file; anything else is a
  // failure of the code, which fails the run as it would in the main thread (RUN_FAILED there).
  const error = serializeError(
    e,
    (cause) =>
      ioFault(cause, t().doingRead({ file })) ??
      (isSystemError(cause)
        ? new FileRejectedError(ErrorCode.FILE_UNREADABLE, t().fileUnreadable({ file, reason: messageOf(cause) }), { file })
        : new EtlError(ErrorCode.WORKER_FAILED, t().parserFailed({ file, reason: messageOf(cause) }), { file })),
  );
  port.postMessage({ type: 'error', error } satisfies WorkerMessage);
}

/** A Node system error (a failed system call: `code` such as EACCES, and `syscall`), as opposed to a thrown bug. */
function isSystemError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}
