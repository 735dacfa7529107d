import { parentPort, workerData } from 'node:worker_threads';
import type { EtlConfig } from './config.js';
import { writeExportsFrom } from './exports.js';

/** Worker-thread side of `startExports`: writes the CSV exports and posts their descriptions. */
const { dbPath, config, outDir } = workerData as { dbPath: string; config: EtlConfig; outDir: string };
try {
  parentPort!.postMessage({ files: writeExportsFrom(dbPath, config, outDir) });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
