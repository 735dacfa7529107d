import { SubmitJobCommand, type BatchClient } from '@aws-sdk/client-batch';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import type { JobSubmitter } from './validate-upload.js';

/** The `JobSubmitter` port on AWS Batch: one job of the ETL definition, told its batch by BATCH_ID. */
export class BatchJobSubmitter implements JobSubmitter {
  constructor(
    private readonly batch: Pick<BatchClient, 'send'>,
    private readonly jobQueue: string,
    private readonly jobDefinition: string,
  ) {}

  async submit({ jobName, batchId }: { jobName: string; batchId: string }): Promise<{ jobId: string }> {
    const out = await this.batch.send(
      new SubmitJobCommand({
        jobName,
        jobQueue: this.jobQueue,
        jobDefinition: this.jobDefinition,
        containerOverrides: { environment: [{ name: 'BATCH_ID', value: batchId }] },
      }),
    );
    if (!out.jobId) throw new EtlError(ErrorCode.SUBMIT_NO_JOB_ID, t().uploadNoJobId({ batchId }), { batchId });
    return { jobId: out.jobId };
  }
}
