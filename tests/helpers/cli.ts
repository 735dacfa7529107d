import { spawnSync } from 'node:child_process';

/** Runs a bundled entry point (dist/<name>.js) as a separate process, as a user would. */
export function runNode(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [`dist/${script}.js`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    maxBuffer: 64 << 20,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
