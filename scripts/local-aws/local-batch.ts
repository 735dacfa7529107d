/**
 * Batch on this machine: moto accepts SubmitJob but runs nothing, so the jobs the upload
 * check submitted are found in the queue and run here as local processes, and a failed one
 * becomes the EventBridge event AWS would emit for it.
 */
import { spawn } from 'node:child_process';
import { type BatchClient, DescribeJobsCommand, type JobDetail, ListJobsCommand } from '@aws-sdk/client-batch';
import { uniqueName } from './fixtures.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template-stack.js';

export interface JobRun {
  readonly jobId: string;
  readonly jobName: string;
  readonly batchId: string;
  readonly exitCode: number | null;
  readonly output: string;
}

/** The jobs of the queue not run yet (not in `ran`), oldest first. */
export async function newJobs(batch: BatchClient, jobQueueArn: string, ran: ReadonlySet<string>): Promise<JobDetail[]> {
  const ids: string[] = [];
  // moto's simple Batch backend moves a job straight to SUCCEEDED (or FAILED): look at every status.
  for (const jobStatus of ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const) {
    const page = await batch.send(new ListJobsCommand({ jobQueue: jobQueueArn, jobStatus }));
    for (const j of page.jobSummaryList ?? []) if (j.jobId && !ran.has(j.jobId) && !ids.includes(j.jobId)) ids.push(j.jobId);
  }
  if (ids.length === 0) return [];
  const described = await batch.send(new DescribeJobsCommand({ jobs: ids }));
  return (described.jobs ?? []).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}

/** The job's container, run here: its command, its environment (overrides win), the local endpoint's variables. */
export function runJobLocally(job: JobDetail, endpointEnv: Record<string, string>): Promise<JobRun> {
  const env: Record<string, string> = {};
  for (const { name, value } of job.container?.environment ?? []) if (name && value !== undefined) env[name] = value;
  env.AWS_BATCH_JOB_ID = job.jobId!;
  const [program, ...args] = job.container?.command ?? ['node', 'dist/job.js'];
  return new Promise((resolve, reject) => {
    const child = spawn(program === 'node' ? process.execPath : program, args, {
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...endpointEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ jobId: job.jobId!, jobName: job.jobName!, batchId: env.BATCH_ID ?? '', exitCode, output }));
  });
}

/** The EventBridge "Batch Job State Change" event AWS emits for a failed job. */
export function failedJobEvent(jobQueueArn: string, job: JobDetail, run: JobRun) {
  return {
    version: '0',
    id: uniqueName('event'),
    'detail-type': 'Batch Job State Change',
    source: 'aws.batch',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString(),
    region: LOCAL_REGION,
    resources: [`arn:aws:batch:${LOCAL_REGION}:${LOCAL_ACCOUNT}:job/${job.jobId}`],
    detail: {
      jobName: job.jobName,
      jobId: job.jobId,
      jobQueue: jobQueueArn,
      status: 'FAILED',
      statusReason: `Essential container in task exited`,
      stoppedAt: Date.now(),
      attempts: [{ container: { exitCode: run.exitCode, reason: `exit ${run.exitCode}` } }],
      container: { command: job.container?.command, environment: job.container?.environment, exitCode: run.exitCode },
    },
  };
}
