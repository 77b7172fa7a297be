import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { detachedIdentitiesBuffers, EnrolmentIdentities, type IdentityRangeJob } from './enrolment-identities.js';

/**
 * The second range of the deterministic pass's read (enrolment-identities.ts), on a read-only
 * connection of its own: the ingestion has committed, and the resolve stage writes nothing before
 * the read is done, so both threads read the same database.
 */
const job = workerData as IdentityRangeJob;
replyFromReadOnlyDatabase(
  job.file,
  (sqlite) => {
    const part = new EnrolmentIdentities();
    part.read(sqlite, job.runId, job.range);
    return part.detach();
  },
  detachedIdentitiesBuffers,
);
