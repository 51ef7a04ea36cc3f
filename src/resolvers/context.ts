import type { Logger } from 'pino';
import type { Loaders } from '../loaders';
import type { MutationRunner } from '../money/runner';
import type { CommitmentPlan, PartnerPlan } from '../upstream/answers';

/**
 * Plans as they change, for subscriptions (implemented by the server's shared pollers). Each call checks
 * that the key can read the plan before anything is polled: a plan the key cannot read rejects.
 */
export interface LivePlans {
  /** The plan now, then each change of its status, calculation or savings. */
  commitmentPlan(orgId: string, planId: string): Promise<AsyncIterableIterator<CommitmentPlan>>;
  /** The partner plan now, then each change of its status or projected savings. */
  partnerPlan(orgId: string, planId: string): Promise<AsyncIterableIterator<PartnerPlan>>;
}

/** Per-request context. Resolvers reach upstream data only through `loaders`. */
export interface GatewayContext {
  /** Request id, propagated upstream as x-request-id and into every log line. */
  requestId: string;
  loaders: Loaders;
  /** Money-moving mutations of this request (apply, purchase). */
  mutations: MutationRunner;
  /** Subscriptions only (WebSocket): the plans as they change. */
  live?: LivePlans;
  logger: Logger;
}
