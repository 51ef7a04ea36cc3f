import type { Logger } from 'pino';
import type { Loaders } from '../loaders';

/** Per-request context. Resolvers reach upstream data only through `loaders`. */
export interface GatewayContext {
  /** Request id, propagated upstream as x-request-id and into every log line. */
  requestId: string;
  loaders: Loaders;
  logger: Logger;
}
