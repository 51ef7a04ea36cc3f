/**
 * Well-known ids and facts of the simulated data, for tests and docs. Computed from the generated data
 * (never copied by hand), so they stay true when the generator changes.
 */
import { AS_OF, DATA_END, DATA_START, isoDate } from './data/calendar';
import { CLOUD_PROVIDERS, type CloudProvider } from './data/catalog';
import type { CommitmentRecord } from './data/commitments';
import { getDataset, type OrgData } from './data/dataset';
import {
  CHILD_ORG_ID,
  DEMO_KEY,
  DEMO_ORG_ID,
  KEY_ORGS,
  OTHER_KEY,
  OTHER_ORG_ID,
  UNKNOWN_ORG_ID,
} from './data/orgs';
import { LAST_DATA_DAY } from './data/usage';

const dataset = getDataset();

function org(id: string): OrgData {
  const found = dataset.orgs.get(id);
  if (!found) throw new Error(`simulator fixtures: org ${id} missing`);
  return found;
}

function plan(orgId: string, provider: CloudProvider, key: string) {
  const record = org(orgId).plans.find((p) => p.provider === provider && p.key === key);
  if (!record) throw new Error(`simulator fixtures: plan ${key} (${provider}) missing in ${orgId}`);
  return {
    orgId,
    provider,
    planId: record.plan.id,
    name: record.plan.name,
    status: record.plan.status,
    lineItemCount: record.lineItems.length,
    resourceMatchCount: record.lineItemOf.size,
    /**
     * The usage the plan was calculated from (the 30 days before its created_at day), as resource-matches
     * start_date and end_date (both inclusive): for this period, resource matches add up to their line items.
     */
    usageWindow: {
      start_date: isoDate(record.usageWindow.startDay),
      end_date: isoDate(record.usageWindow.endDay - 1),
    },
  };
}

function commitment(
  orgId: string,
  provider: CloudProvider,
  what: string,
  test: (r: CommitmentRecord) => boolean,
) {
  const record = org(orgId).commitments[provider].find(test);
  if (!record) throw new Error(`simulator fixtures: no ${what} commitment in ${orgId} (${provider})`);
  return {
    orgId,
    provider,
    commitmentId: record.commitment.id,
    displayName: record.commitment.display_name ?? '',
  };
}

function counts(orgId: string) {
  const out = {} as Record<CloudProvider, { total: number; active: number }>;
  for (const p of CLOUD_PROVIDERS) {
    const list = org(orgId).commitments[p];
    out[p] = { total: list.length, active: list.filter((c) => c.commitment.is_active).length };
  }
  return out;
}

function defaultPlanIds(orgId: string) {
  const out = {} as Record<CloudProvider, string[]>;
  for (const p of CLOUD_PROVIDERS)
    out[p] = org(orgId)
      .plans.filter((r) => r.provider === p && r.isDefault)
      .map((r) => r.plan.id);
  return out;
}

const demoAws = (r: CommitmentRecord) => r.commitment.is_active === true && !r.usage.noRecentUsage;

export const FIXTURES = {
  /** "Today" of the data; usage data ends the day before (exclusive end). */
  asOf: AS_OF,
  lastDataDay: isoDate(LAST_DATA_DAY),
  dataRange: { start: DATA_START, end: DATA_END },
  keys: { demo: DEMO_KEY, other: OTHER_KEY },
  keyOrgs: KEY_ORGS,
  orgs: { demo: DEMO_ORG_ID, child: CHILD_ORG_ID, other: OTHER_ORG_ID, unknown: UNKNOWN_ORG_ID },
  /** Demo org, AWS High Savings: more than 250 line items. */
  largePlan: plan(DEMO_ORG_ID, 'aws', 'high'),
  /** Demo org, AWS, not a default plan (reachable by id), status draft. */
  fewItemsPlan: plan(DEMO_ORG_ID, 'aws', 'draft'),
  /** Demo org, Azure, not a default plan, no line items. */
  emptyPlan: plan(DEMO_ORG_ID, 'azure', 'empty'),
  /** Already purchased: apply answers 409. */
  completedPlan: plan(DEMO_ORG_ID, 'aws', 'completed'),
  /** Applicable default plans (apply changes state: call resetState() after). */
  recommendedPlan: plan(DEMO_ORG_ID, 'aws', 'recommended'),
  balancedPlan: plan(DEMO_ORG_ID, 'aws', 'balanced'),
  /** /recommended answers 204 here: the plan named Recommended is still calculating. */
  noRecommendedPlan: { ...plan(DEMO_ORG_ID, 'gcp', 'recommended'), calculating: true },
  /** Another tenant's plan: key 'demo' gets 403 on its org. */
  otherTenantPlan: plan(OTHER_ORG_ID, 'aws', 'recommended'),
  childOrgPlan: plan(CHILD_ORG_ID, 'aws', 'recommended'),
  defaultPlanIds: {
    [DEMO_ORG_ID]: defaultPlanIds(DEMO_ORG_ID),
    [CHILD_ORG_ID]: defaultPlanIds(CHILD_ORG_ID),
    [OTHER_ORG_ID]: defaultPlanIds(OTHER_ORG_ID),
  },
  segments: {
    [DEMO_ORG_ID]: org(DEMO_ORG_ID).segments,
    [CHILD_ORG_ID]: org(CHILD_ORG_ID).segments,
    [OTHER_ORG_ID]: org(OTHER_ORG_ID).segments,
  },
  /** Partner (v2) plans: ids look like 'plan_…', usable as plan_id for purchase. */
  partnerPlans: {
    [DEMO_ORG_ID]: org(DEMO_ORG_ID).partnerPlans.map((p) => p.partnerPlan.id),
    [CHILD_ORG_ID]: org(CHILD_ORG_ID).partnerPlans.map((p) => p.partnerPlan.id),
    [OTHER_ORG_ID]: org(OTHER_ORG_ID).partnerPlans.map((p) => p.partnerPlan.id),
  },
  partnerPlan: { orgId: CHILD_ORG_ID, planId: org(CHILD_ORG_ID).partnerPlans[0]?.partnerPlan.id ?? '' },
  commitment: commitment(
    DEMO_ORG_ID,
    'aws',
    'active',
    (r) => demoAws(r) && (r.commitment.utilization ?? 0) >= 0.8,
  ),
  expiredCommitment: commitment(DEMO_ORG_ID, 'aws', 'expired', (r) => r.commitment.status === 'expired'),
  queuedCommitment: commitment(DEMO_ORG_ID, 'aws', 'queued', (r) => r.commitment.status === 'queued'),
  guaranteedCommitment: commitment(
    DEMO_ORG_ID,
    'aws',
    'guaranteed',
    (r) => demoAws(r) && r.commitment.guarantee_method === 'rebate',
  ),
  lowUtilizationCommitment: commitment(
    DEMO_ORG_ID,
    'aws',
    'low-utilization',
    (r) => demoAws(r) && (r.commitment.utilization ?? 1) < 0.5,
  ),
  /** Active, no usage in the last week: the comparison skips it ('no recent SKU usage'). */
  noRecentUsageCommitment: commitment(DEMO_ORG_ID, 'aws', 'no-recent-usage', (r) => r.usage.noRecentUsage),
  otherTenantCommitment: commitment(OTHER_ORG_ID, 'aws', 'active', (r) => r.commitment.is_active === true),
  commitmentCounts: {
    [DEMO_ORG_ID]: counts(DEMO_ORG_ID),
    [CHILD_ORG_ID]: counts(CHILD_ORG_ID),
    [OTHER_ORG_ID]: counts(OTHER_ORG_ID),
  },
} as const;
