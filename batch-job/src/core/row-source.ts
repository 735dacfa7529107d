import { lstatSync } from 'node:fs';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundledWorker } from './bundled-worker.js';
import { decideFile, readRecords } from './csv-records.js';
import { deserializeError, ErrorCode, EtlError, ioFault, messageOf } from '../../../common/errors.js';
import { lang, t } from '../../../common/i18n/index.js';
import type { InputLimits } from './config.js';
import type { TableKey } from '../../../common/manifest.js';
import type { WorkerMessage } from './parse-worker.js';
import { type CollectedGroups, RentalGroups } from './rental-groups.js';
import { type AbsentTable, type KnownIds, RowPipeline, type RowSummary } from './row-pipeline.js';
import { contractFor, type TableLimits } from '../../../common/tables/index.js';

/** A chunk of accepted rows (values flattened in stored-column order) and the progress so far. */
export interface RowChunk {
  readonly values: (string | number)[];
  readonly rowsRead: number;
  readonly bytesRead: number;
}

export interface RowSource {
  /** Size of the file on disk (compressed size for .csv.gz), for progress. */
  readonly size: number;
  readonly chunks: AsyncIterable<RowChunk>;
  /** The rows' fate apart from the database; call once `chunks` is exhausted. */
  summary(): Promise<RowSummary>;
  /** With `collectGroups`, the aggregate's groups of every row given by `chunks`; call after `summary`. */
  groups(): CollectedGroups | undefined;
  /** Ends the reading (and its thread), whether or not `chunks` was read to the end. */
  close(): Promise<void>;
}

export interface RowSourceOptions {
  readonly table: TableKey;
  readonly path: string;
  readonly rejectsPath: string;
  readonly now: Date;
  /** Bounds of the row rules (MAX_COSTO_TOTAL, MAX_RENTAL_DAYS) and caps on the file (contract §7). */
  readonly limits: TableLimits & InputLimits;
  /** Ids the file's foreign keys may point at. */
  readonly knownIds: KnownIds;
  /** Tables whose file is not in this batch: a reject for an unknown id of one says so. */
  readonly absent?: readonly AbsentTable[];
  /** Parse and check rows in a worker thread while this thread inserts. */
  readonly worker: boolean;
  /** With `worker`, a smaller file (bytes as stored) is parsed in this thread all the same. */
  readonly workerMinBytes?: number;
  /** Sum the aggregate's groups of the rows given (a fact table loaded into an empty table). */
  readonly collectGroups?: boolean;
}

// Bundled builds ship parse-worker.js beside this module; from TypeScript sources (tests)
// there is no such file and the rows are checked in this thread.
const WORKER_FILE = new URL('./parse-worker.js', import.meta.url);
const CHUNKS_AHEAD = 4;
/**
 * The worker's garbage is short-lived (a chunk's strings); a small young generation collects
 * it often and cheaply instead of letting the heap grow, which keeps peak memory flat.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

export function workerAvailable(): boolean {
  return bundledWorker(WORKER_FILE);
}

/**
 * The accepted rows of a file: parsed and checked (RowPipeline) in this thread, or, with
 * `worker`, in a worker thread, so parsing and checking run on the second core while this
 * thread inserts. Either way the rejects file is written beside the pipeline.
 */
export function rowSource(options: RowSourceOptions): RowSource {
  // lstat: a link is not followed, not even for its size (the reader refuses it).
  const size = lstatSync(options.path).size;
  return options.worker && size >= (options.workerMinBytes ?? 0) && workerAvailable() ? fromWorker(options, size) : inThread(options, size);
}

function inThread(options: RowSourceOptions, size: number): RowSource {
  const contract = contractFor(options.table, options.now, options.limits);
  let pipeline: RowPipeline | undefined;
  const groups = options.collectGroups ? new RentalGroups(contract) : undefined;
  async function* chunks(): AsyncGenerator<RowChunk> {
    const header = await decideFile(options.path, contract, options.limits);
    const rows = new RowPipeline(contract, basename(options.path), options.rejectsPath, options.knownIds, header, options.limits.maxRejectsWritten, options.absent);
    pipeline = rows;
    let complete = false;
    try {
      for await (const batch of readRecords(options.path, { ...options.limits, lineEnd: header.lineEnd, encoding: header.encoding })) {
        const values = rows.process(batch);
        groups?.add(values);
        yield { values, rowsRead: rows.summary.rowsRead, bytesRead: batch.bytesRead };
      }
      complete = true;
      groups?.complete();
    } finally {
      // Failed or abandoned half-way (the load failed): the rejects file goes with the rows.
      if (!complete) rows.discard();
    }
  }
  const iterator = chunks();
  return {
    size,
    chunks: iterator,
    summary: async () => {
      if (!pipeline) throw new Error('the rows were not all read');
      return pipeline.finish();
    },
    groups: () => groups?.collected(),
    close: async () => {
      await iterator.return(undefined);
    },
  };
}

function fromWorker(options: RowSourceOptions, size: number): RowSource {
  const worker = new Worker(WORKER_FILE, {
    workerData: {
      path: options.path,
      table: options.table,
      rejectsPath: options.rejectsPath,
      now: options.now.getTime(),
      knownIds: options.knownIds,
      absent: options.absent ?? [],
      // The thread's sentences (reject reasons, errors) are in the run's language.
      lang: lang(),
      window: CHUNKS_AHEAD,
      limits: options.limits,
      collectGroups: options.collectGroups ?? false,
    },
    resourceLimits: WORKER_HEAP,
  });
  const queue: (WorkerMessage | { type: 'crash'; error: Error })[] = [];
  let notify: (() => void) | undefined;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    notify?.();
  };
  worker.on('message', push);
  const file = basename(options.path);
  // A thread that cannot start for want of file descriptors or memory is a fault of the machine.
  const crashed = (message: string, cause?: unknown) =>
    push({
      type: 'crash',
      error: ioFault(cause, t().doingStartParser({ file })) ?? new EtlError(ErrorCode.WORKER_FAILED, message, { file }, { cause }),
    });
  worker.on('error', (error) => crashed(t().parserFailed({ file, reason: messageOf(error) }), error));
  worker.on('exit', (code) => code !== 0 && crashed(t().parserExited({ file, code: String(code) })));
  let summary: RowSummary | undefined;
  let groups: CollectedGroups | undefined;

  async function* chunks(): AsyncGenerator<RowChunk> {
    try {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
        const message = queue.shift()!;
        if (message.type === 'chunk') {
          worker.postMessage('ack');
          yield message;
        } else if (message.type === 'end') {
          summary = message.summary;
          groups = message.groups;
          return;
        } else if (message.type === 'error') {
          throw deserializeError(message.error);
        } else {
          throw message.error;
        }
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    size,
    chunks: chunks(),
    summary: async () => {
      if (!summary) throw new EtlError(ErrorCode.INTERNAL, t().summaryTooEarly({ file }));
      return summary;
    },
    groups: () => groups,
    close: async () => {
      await worker.terminate();
    },
  };
}
