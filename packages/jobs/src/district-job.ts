import { LifecircleError } from '@lifecircle/shared';

/** The data of one analysis job: one district of one queued run of one store. */
export interface DistrictJobData {
  /** The store's location (`storeLocation`): a worker checks that it serves this store. */
  store: string;
  runId: number;
  /** The district whose compounds this job analyses; null for the compounds that no street places in a district. */
  districtId: number | null;
}

/** Reads a job's data, naming the first bad field (JOB_INVALID). */
export function parseDistrictJobData(data: unknown, jobId: string): DistrictJobData {
  const invalid = (field: string, reason: string) => new LifecircleError('JOB_INVALID', { job: jobId, field, reason });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid('data', `expected an object, got ${JSON.stringify(data) ?? String(data)}`);
  }
  const record = data as Record<string, unknown>;
  const { store, runId, districtId } = record;
  if (typeof store !== 'string' || store === '')
    throw invalid('store', `expected a store location, got ${JSON.stringify(store)}`);
  if (!isId(runId)) throw invalid('runId', `expected a positive integer, got ${JSON.stringify(runId)}`);
  if (districtId !== null && !isId(districtId)) {
    throw invalid('districtId', `expected a positive integer or null, got ${JSON.stringify(districtId)}`);
  }
  return { store, runId, districtId };
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** How a district is named in logs and errors. */
export function districtLabel(districtId: number | null): string {
  return districtId === null ? 'compounds outside every district' : `district ${districtId}`;
}
