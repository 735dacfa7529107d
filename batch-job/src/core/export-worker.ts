import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { ErrorCode, EtlError, ioFault, messageOf, serializeError } from '../../../common/errors.js';
import { setLang, t } from '../../../common/i18n/index.js';
import { HashedFileWriter, writeHashedFile } from './export-file.js';
import {
  describeDatabase,
  exportPaths,
  openReadOnly,
  renderGroups,
  writeAggregatePart,
  writeAggregateRange,
  writeExportsFrom,
  writeTopCsv,
  type ExportThreadData,
  type ExportThreadMessage,
  type WrittenFile,
} from './exports.js';

/** Worker-thread side of `startExports`: writes its share of the exports and posts what it wrote. */
const { dbPath, config, outDir, task, lang, gated } = workerData as ExportThreadData;
setLang(lang);
const port = parentPort!;
const post = (m: ExportThreadMessage) => port.postMessage(m);

async function run(): Promise<WrittenFile[]> {
  // Started ahead of time: the file is read once the run says it is final.
  if (gated) await once(port, 'message');
  if (task.role === 'groups') {
    const path = exportPaths(config, outDir).aggregate;
    return [{ kind: 'aggregate', path, ...writeHashedFile(path, (out) => renderGroups(task.source, out)) }];
  }
  if (task.role === 'all') return [...writeExportsFrom(dbPath, config, outDir), await describeDatabase(dbPath)];
  if (task.role === 'hash') return [await describeDatabase(dbPath)];
  const db = openReadOnly(dbPath);
  try {
    if (task.role === 'tail') {
      writeAggregatePart(db, config, { from: task.split }, task.partPath, false);
      post({ partReady: task.partPath });
      return [writeTopCsv(db, config, outDir), await describeDatabase(dbPath)];
    }
    const path = exportPaths(config, outDir).aggregate;
    const out = new HashedFileWriter(path);
    try {
      writeAggregateRange(db, config, { to: task.split }, out, true);
      const [ready] = (await once(port, 'message')) as [{ partReady: string }];
      out.append(ready.partReady);
    } catch (e) {
      out.abandon();
      throw e;
    }
    return [{ kind: 'aggregate', path, ...out.close() }];
  } finally {
    db.close();
  }
}

run().then(
  (files) => post({ files }),
  // Worded as runEtl words a failure of the exports written in its own thread.
  (e: unknown) =>
    post({
      error: serializeError(
        e,
        (cause) => ioFault(cause, t().ioWritingExports({ path: dbPath })) ?? new EtlError(ErrorCode.RUN_FAILED, t().runFailed({ cause: messageOf(cause) })),
      ),
    }),
);
