import type DataLoader from 'dataloader';
import type { ArcheraClient, PlanProvider } from '../upstream';
import type { CommitmentPlan, PartnerPlan } from '../upstream/answers';
import { providerOf } from '../upstream/values';
import { perKeyLoaderFor, type LoaderMode } from './keyed-loader';
import { ListingIndex } from './listing-index';

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
  /**
   * The v1 plan a partner plan presents: the default plan of the same org, provider and name (an inferred
   * link: the partner API names no v1 plan). Undefined when none matches.
   */
  presentedPlan(plan: PartnerPlan): Promise<CommitmentPlan | undefined>;
  /** A partner plan by id: one of its org's partner plans (`partnerPlans`). Undefined when none has the id. */
  partnerPlan(key: PlanKey): Promise<PartnerPlan | undefined>;
}

export function createPlanLoaders(client: ArcheraClient, mode: LoaderMode = 'per-request'): PlanLoaders {
  const perKey = perKeyLoaderFor(mode);
  // A plan listed by one path and asked by id by another (alias, node(id:), nested lookup) costs one call.
  const listed = new ListingIndex<PlanKey, CommitmentPlan>(mode === 'per-request');
  const entries = (orgId: string, plans: readonly CommitmentPlan[]): Array<[PlanKey, CommitmentPlan]> =>
    plans.map((plan) => [{ orgId, planId: plan.id }, plan]);
  const planById = perKey<PlanKey, CommitmentPlan>((key) =>
    listed.lookup(key, () => client.getPlan(key.orgId, key.planId)),
  );
  const defaultPlans = perKey<OrgProviderKey, CommitmentPlan[]>(({ orgId, provider }) =>
    listed.track(client.getDefaultPlans(orgId, provider), (plans) => entries(orgId, plans)),
  );
  const partnerPlans = perKey<OrgKey, PartnerPlan[]>(({ orgId }) => client.getPartnerDefaultPlans(orgId));
  return {
    planById,
    defaultPlans,
    async presentedPlan(plan) {
      const provider = providerOf(plan.provider);
      if (!provider || !plan.name) return undefined;
      const plans = await defaultPlans.load({ orgId: plan.org_id, provider });
      return plans.find((p) => p.name === plan.name);
    },
    recommendedPlan: perKey<OrgProviderKey, CommitmentPlan | null>(({ orgId, provider }) =>
      listed.track(client.getRecommendedPlan(orgId, provider), (plan) => entries(orgId, plan ? [plan] : [])),
    ),
    partnerPlans,
    async partnerPlan({ orgId, planId }) {
      return (await partnerPlans.load({ orgId })).find((p) => p.id === planId);
    },
  };
}
