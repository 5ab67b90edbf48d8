import type { StoreTx } from '@lifecircle/store';
import type { FastifyRequest } from 'fastify';

/**
 * Appends one audit line for a change made by the request's user (null when
 * anonymous). Call it on the same `tx` as the change so both commit together.
 */
export async function audit(
  tx: StoreTx,
  request: FastifyRequest,
  action: string,
  entity: string,
  entityId: number | string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.appendAudit({
    userId: request.auth?.user.id ?? null,
    action,
    entity,
    entityId: entityId === null ? null : String(entityId),
    before: before ?? null,
    after: after ?? null,
    requestId: request.id,
  });
}
