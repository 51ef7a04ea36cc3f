import type DataLoader from 'dataloader';
import type { ArcheraClient, PlanProvider } from '../datasources/archera';
import type { CommitmentPlan, PartnerPlan } from '../upstream/types';
import { perKeyLoader } from './keyed-loader';

export interface PlanKey {
  orgId: string;
  planId: string;
}
export interface OrgProviderKey {
  orgId: string;
  provider: PlanProvider;
}
export interface OrgKey {
  orgId: string;
}

export interface PlanLoaders {
  /** GET .../commitment-plans/{plan_id}: one call per plan (no batch endpoint); deduped per request. */
  planById: DataLoader<PlanKey, CommitmentPlan, string>;
  /** GET .../commitment-plans/default: one call per (org, provider); primes `planById`. */
  defaultPlans: DataLoader<OrgProviderKey, CommitmentPlan[], string>;
  /** GET .../commitment-plans/recommended: one call per (org, provider); 204 is null; primes `planById`. */
  recommendedPlan: DataLoader<OrgProviderKey, CommitmentPlan | null, string>;
  /** GET /v2/.../partners/plans/default: one call per child org (also serves partner plans by id). */
  partnerPlans: DataLoader<OrgKey, PartnerPlan[], string>;
}

export function createPlanLoaders(client: ArcheraClient): PlanLoaders {
  const planById = perKeyLoader<PlanKey, CommitmentPlan>(({ orgId, planId }) =>
    client.getPlan(orgId, planId),
  );
  // A plan listed by one path and then asked by id (alias, node(id:), nested lookup) costs no second call.
  const prime = (orgId: string, plan: CommitmentPlan): void => {
    planById.prime({ orgId, planId: plan.id }, plan);
  };
  return {
    planById,
    defaultPlans: perKeyLoader<OrgProviderKey, CommitmentPlan[]>(async ({ orgId, provider }) => {
      const plans = await client.getDefaultPlans(orgId, provider);
      for (const plan of plans) prime(orgId, plan);
      return plans;
    }),
    recommendedPlan: perKeyLoader<OrgProviderKey, CommitmentPlan | null>(async ({ orgId, provider }) => {
      const plan = await client.getRecommendedPlan(orgId, provider);
      if (plan) prime(orgId, plan);
      return plan;
    }),
    partnerPlans: perKeyLoader<OrgKey, PartnerPlan[]>(({ orgId }) => client.getPartnerDefaultPlans(orgId)),
  };
}
