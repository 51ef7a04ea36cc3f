/**
 * LivePlans for one subscription: the first read goes through the subscription's own loaders with its key
 * (so a plan the key cannot read is refused before anything is polled), then the process-wide poller of
 * (key, plan) takes over; a subscriber joining a running poller starts from its last read. Polls read through the key's client: the shared cache and coalescing apply, and a
 * plan still calculating is never cached.
 */
import type { LivePlans } from '../../resolvers/context';
import type { Loaders } from '../../loaders';
import { UpstreamError, type ArcheraClient } from '../../upstream';
import type { CommitmentPlan, PartnerPlan } from '../../upstream/answers';
import type { Observed, Pollers } from './pollers';

/** What a UI watching a plan waits for: its status, its calculation, its savings. */
function planObserved(plan: CommitmentPlan): Observed {
  return {
    signature: [
      plan.status,
      plan.is_calculating,
      plan.savings_hourly,
      plan.monthly_savings,
      plan.total_savings,
    ].join('|'),
    // Calculating, or a purchase under way: read fast.
    busy: plan.is_calculating || plan.status === 'in_progress' || plan.status === 'scheduled',
  };
}

function partnerPlanObserved(plan: PartnerPlan): Observed {
  const status = typeof plan.status === 'string' ? plan.status.toLowerCase() : '';
  return {
    signature: [
      plan.status,
      plan.projected_monthly_savings,
      plan.projected_total_savings,
      plan.projected_savings_rate,
    ].join('|'),
    busy: status === 'in_progress' || status === 'scheduled',
  };
}

const notFound = (orgId: string, planId: string): UpstreamError =>
  new UpstreamError({
    code: 'NOT_FOUND',
    endpoint: 'getPartnerDefaultPlans',
    attempts: 1,
    message: `No partner plan ${planId} in org ${orgId}.`,
  });

export interface LivePlansDeps {
  pollers: Pollers;
  /** The key's fingerprint: pollers are shared per key, never across keys. */
  fingerprint: string;
  client: ArcheraClient;
  loaders: Loaders;
}

export function livePlans({ pollers, fingerprint, client, loaders }: LivePlansDeps): LivePlans {
  const partnerPlan = async (orgId: string, planId: string): Promise<PartnerPlan> => {
    const plan = (await client.getPartnerDefaultPlans(orgId)).find((p) => p.id === planId);
    if (plan) return plan;
    throw notFound(orgId, planId);
  };
  return {
    async commitmentPlan(orgId, planId) {
      const key = `${fingerprint}:commitmentPlan:${orgId}:${planId}`;
      const initial = await pollers.initial(key, () => loaders.planById.load({ orgId, planId }));
      return pollers.watch(key, 'commitmentPlan', initial, () => client.getPlan(orgId, planId), planObserved);
    },
    async partnerPlan(orgId, planId) {
      const key = `${fingerprint}:partnerPlan:${orgId}:${planId}`;
      const initial = await pollers.initial(key, async () => {
        const found = await loaders.partnerPlan({ orgId, planId });
        if (!found) throw notFound(orgId, planId);
        return found;
      });
      return pollers.watch(
        key,
        'partnerPlan',
        initial,
        () => partnerPlan(orgId, planId),
        partnerPlanObserved,
      );
    },
  };
}
