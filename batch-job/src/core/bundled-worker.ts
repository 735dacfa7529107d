import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Whether a worker thread's file is there to start: bundled builds ship it beside the module
 * that starts it; from the TypeScript sources (tests) there is none, and the work runs in the
 * calling thread.
 */
export function bundledWorker(file: URL): boolean {
  return file.protocol === 'file:' && existsSync(fileURLToPath(file));
}
