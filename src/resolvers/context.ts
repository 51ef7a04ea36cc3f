import type { Logger } from 'pino';
import type { Loaders } from '../loaders';
import type { MutationRunner } from '../money/runner';

/** Per-request context. Resolvers reach upstream data only through `loaders`. */
export interface GatewayContext {
  /** Request id, propagated upstream as x-request-id and into every log line. */
  requestId: string;
  loaders: Loaders;
  /** Money-moving mutations of this request (apply, purchase). */
  mutations: MutationRunner;
  logger: Logger;
}
