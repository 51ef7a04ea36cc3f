/**
 * `org.commitment(id:, startDate:, endDate:)` names a period, but a commitment's own fields are the same
 * for every period (a client cache keys it by id). The period becomes the default of the commitment's
 * `details`, where period-dependent data lives. A lookup answers a view of the commitment that carries it.
 */
import type { Commitment } from '../upstream/answers';

export interface DetailsPeriod {
  startDate?: string | undefined;
  endDate?: string | undefined;
}

const periods = new WeakMap<object, DetailsPeriod>();

/** The commitment, seen with a default period for its details (a view: the loaders' copy is untouched). */
export function withDetailsPeriod(commitment: Commitment, period: DetailsPeriod): Commitment {
  const view = { ...commitment };
  periods.set(view, period);
  return view;
}

/** The default period of a commitment's details: the lookup's, else none (the most recent day). */
export function detailsPeriodOf(commitment: Commitment): DetailsPeriod {
  return periods.get(commitment) ?? {};
}
