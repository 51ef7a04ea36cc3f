import type DataLoader from 'dataloader';
import type { ArcheraClient } from '../datasources/archera';
import type { CommitmentPlan, Provider } from '../upstream/types';
import { perKeyLoader, stableKey } from './keyed-loader';

export interface PlanKey {
  orgId: string;
  planId: string;
}
export interface OrgProviderKey {
  orgId: string;
  provider: Provider;
}

export interface PlanLoaders {
  /** GET .../commitment-plans/{plan_id}: one call per plan (no batch endpoint); deduped per request. */
  planById: DataLoader<PlanKey, CommitmentPlan, string>;
  /** GET .../commitment-plans/default: one call per (org, provider); primes `planById`. */
  defaultPlans: DataLoader<OrgProviderKey, CommitmentPlan[], string>;
}

export function createPlanLoaders(client: ArcheraClient): PlanLoaders {
  const planById = perKeyLoader<PlanKey, CommitmentPlan>(({ orgId, planId }) => client.getPlan(orgId, planId));
  const primePlans = (orgId: string, plans: readonly CommitmentPlan[]): void => {
    // A plan listed here and then fetched by id (alias, node(id:), nested lookup) costs no second call.
    for (const plan of plans) planById.prime({ orgId, planId: plan.id }, plan);
  };
  const defaultPlans = perKeyLoader<OrgProviderKey, CommitmentPlan[]>(async ({ orgId, provider }) => {
    const plans = await client.getDefaultPlans(orgId, provider);
    primePlans(orgId, plans);
    return plans;
  });
  return { planById, defaultPlans };
}

export { stableKey };
