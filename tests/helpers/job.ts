import { spawn } from 'node:child_process';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Uploads a batch's files under incoming/<batchId>/. */
export async function uploadBatch(s3: S3Client, bucket: string, batchId: string, files: Record<string, string | Buffer>): Promise<string[]> {
  const keys: string[] = [];
  for (const [name, body] of Object.entries(files)) {
    const key = `incoming/${batchId}/${name}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    keys.push(key);
  }
  return keys;
}

export interface JobRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Parsed JSON log lines of the job. */
  logs: Record<string, unknown>[];
}

/**
 * Runs dist/job.js as its own process, as AWS Batch would run the container's command, logging
 * at INFO as the job definition sets it (the lines are captured, not printed).
 */
export function runJob(env: Record<string, string>, options: { killAfterMs?: number } = {}): Promise<JobRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/job.js'], {
      env: { ...process.env, NODE_NO_WARNINGS: '1', LOG_LEVEL: 'INFO', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (options.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const logs = `${stdout}\n${stderr}`
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ status, signal, stdout, stderr, logs });
    });
  });
}
