/**
 * The whole simulated world, generated once per process (it is immutable; run-time changes such as plan
 * statuses live in state.ts). Generation is deterministic and takes a few tens of milliseconds.
 */
import { CLOUD_PROVIDERS, type CloudProvider } from './catalog';
import { type CommitmentRecord, generateCommitments } from './commitments';
import { accountsFor, KEY_ORGS, ORG_SPECS, type OrgSpec, type Segment, segmentsFor } from './orgs';
import { buildPartnerPlans, type PartnerPlanRecord } from './partner';
import { generatePlan, OfferBook, type PlanRecord } from './plans';
import { Rng } from './prng';

export interface OrgData {
  spec: OrgSpec;
  id: string;
  segments: Segment[];
  plans: PlanRecord[];
  plansById: Map<string, PlanRecord>;
  partnerPlans: PartnerPlanRecord[];
  partnerPlansById: Map<string, PartnerPlanRecord>;
  commitments: Record<CloudProvider, CommitmentRecord[]>;
  commitmentsById: Map<string, CommitmentRecord>;
}

export interface Dataset {
  orgs: Map<string, OrgData>;
  /** API key -> org ids it owns. */
  keyOrgs: Map<string, readonly string[]>;
}

function buildOrg(spec: OrgSpec): OrgData {
  const segments = segmentsFor(spec);
  const plans: PlanRecord[] = [];
  const commitments: Record<CloudProvider, CommitmentRecord[]> = { aws: [], azure: [], gcp: [] };
  for (const provider of CLOUD_PROVIDERS) {
    const accounts = accountsFor(spec, provider);
    const offers = new OfferBook(provider, new Rng(`${spec.id}:${provider}:offers`));
    for (const planSpec of spec.plans[provider] ?? []) {
      plans.push(generatePlan({ org: spec, provider, accounts, segments, offers }, planSpec));
    }
    commitments[provider] = generateCommitments(spec, provider, accounts, spec.commitments[provider] ?? 0);
  }
  const partnerPlans = buildPartnerPlans(plans);
  return {
    spec,
    id: spec.id,
    segments,
    plans,
    plansById: new Map(plans.map((p) => [p.plan.id, p])),
    partnerPlans,
    partnerPlansById: new Map(partnerPlans.map((p) => [p.partnerPlan.id, p])),
    commitments,
    commitmentsById: new Map(
      CLOUD_PROVIDERS.flatMap((p) => commitments[p].map((c) => [c.commitment.id, c] as const)),
    ),
  };
}

let cached: Dataset | undefined;

export function getDataset(): Dataset {
  if (!cached) {
    cached = {
      orgs: new Map(ORG_SPECS.map((spec) => [spec.id, buildOrg(spec)])),
      keyOrgs: new Map(Object.entries(KEY_ORGS)),
    };
  }
  return cached;
}
