import type { FastifyInstance } from 'fastify';
import type { AppDeps, ServerConfig } from '../deps.js';

/** What every route module receives: the app, its dependencies, the resolved configuration and the clock. */
export interface RouteContext {
  app: FastifyInstance;
  deps: AppDeps;
  config: ServerConfig;
  now: () => Date;
}

/** Per-route rate-limit settings (see @fastify/rate-limit's route `config.rateLimit`). */
export function perMinute(max: number) {
  return { rateLimit: { max, timeWindow: 60_000 } };
}

/** Rate limit for anonymous writes, shared by every anonymous POST route of a client. */
export function perHour(max: number, groupId: string) {
  return { rateLimit: { max, timeWindow: 3_600_000, groupId } };
}
