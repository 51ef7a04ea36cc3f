/**
 * Who exists in the simulated Archera: API keys, their orgs, and how much data each org has per provider.
 * The ids are the public, documented ones (README, Quick start); everything else is generated from them.
 */
import type { CloudProvider } from './catalog';
import type { CommitmentPlanStatus } from '../../upstream/types';
import { Rng } from './prng';

export const DEMO_KEY = 'demo';
export const OTHER_KEY = 'demo-other';
export const DEMO_ORG_ID = '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';
export const CHILD_ORG_ID = '2b7e4f90-1c3d-4e5a-8b6f-7a9c0d1e2f33';
export const OTHER_ORG_ID = 'd4a1c9e7-5b3f-4a2d-8e6c-1f0b9a7d3c55';
/** Well-formed, owned by nobody: answers 404. */
export const UNKNOWN_ORG_ID = '5e0c2b7a-9d41-4f6e-a3b8-0c7d1e9f2a64';

/** Key -> orgs it may read and act on. */
export const KEY_ORGS: Readonly<Record<string, readonly string[]>> = {
  [DEMO_KEY]: [DEMO_ORG_ID, CHILD_ORG_ID],
  [OTHER_KEY]: [OTHER_ORG_ID],
};

/** How a plan's line items pick terms: longer/upfront for High Savings, guaranteed for Recommended. */
export type PlanProfile = 'high' | 'balanced' | 'recommended' | 'mixed';

export interface PlanSpec {
  /** Stable key, used to seed the plan and to name it in FIXTURES. */
  key: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  profile: PlanProfile;
  lineItems: number;
  status: CommitmentPlanStatus;
  calculating?: boolean;
}

export interface OrgSpec {
  id: string;
  name: string;
  /** Short lowercase name used in project ids, resource groups and tags. */
  slug: string;
  plans: Partial<Record<CloudProvider, PlanSpec[]>>;
  commitments: Partial<Record<CloudProvider, number>>;
}

const HIGH = 'Maximize savings: longer terms and upfront payment where the usage is steady.';
const BALANCED = 'Balance savings and flexibility: one-year terms, some three-year where usage is steady.';
const RECOMMENDED = "Archera's recommendation: guaranteed commitments with short lock-in, low risk.";

function defaults(
  high: number,
  balanced: number,
  recommended: number,
  recommendedCalculating = false,
): PlanSpec[] {
  return [
    {
      key: 'high',
      name: 'High Savings',
      description: HIGH,
      isDefault: true,
      profile: 'high',
      lineItems: high,
      status: 'new',
    },
    {
      key: 'balanced',
      name: 'Balanced',
      description: BALANCED,
      isDefault: true,
      profile: 'balanced',
      lineItems: balanced,
      status: 'reviewed',
    },
    {
      key: 'recommended',
      name: 'Recommended',
      description: RECOMMENDED,
      isDefault: true,
      profile: 'recommended',
      lineItems: recommended,
      status: 'new',
      calculating: recommendedCalculating,
    },
  ];
}

export const ORG_SPECS: readonly OrgSpec[] = [
  {
    id: DEMO_ORG_ID,
    name: 'Northwind Retail',
    slug: 'northwind',
    plans: {
      aws: [
        ...defaults(263, 48, 31),
        {
          key: 'draft',
          name: 'Q4 2026 draft',
          description: 'Hand-picked subset for the Q4 budget review.',
          isDefault: false,
          profile: 'mixed',
          lineItems: 3,
          status: 'draft',
        },
        {
          key: 'completed',
          name: 'Spring 2026 purchase',
          description: null,
          isDefault: false,
          profile: 'mixed',
          lineItems: 12,
          status: 'completed',
        },
      ],
      azure: [
        ...defaults(22, 14, 9),
        {
          key: 'empty',
          name: 'Reservation review',
          description: 'No eligible usage matched the filters.',
          isDefault: false,
          profile: 'mixed',
          lineItems: 0,
          status: 'draft',
        },
      ],
      // GCP's Recommended plan is still calculating: /recommended answers 204 for it.
      gcp: defaults(6, 4, 0, true),
    },
    commitments: { aws: 300, azure: 120, gcp: 80 },
  },
  {
    id: CHILD_ORG_ID,
    name: 'Contoso Logistics',
    slug: 'contoso',
    plans: { aws: defaults(18, 12, 7) },
    commitments: { aws: 40 },
  },
  {
    id: OTHER_ORG_ID,
    name: 'Fabrikam Health',
    slug: 'fabrikam',
    plans: { aws: defaults(15, 10, 6), azure: defaults(8, 5, 4) },
    commitments: { aws: 60, azure: 24 },
  },
];

/** Cloud accounts of an org on one provider: where resources run and commitments live. */
export interface Accounts {
  billing: string;
  members: readonly string[];
}

export function accountsFor(org: OrgSpec, provider: CloudProvider): Accounts {
  const rng = new Rng(`${org.id}:${provider}:accounts`);
  switch (provider) {
    case 'aws': {
      const billing = rng.digits(12);
      return { billing, members: [billing, rng.digits(12), rng.digits(12), rng.digits(12), rng.digits(12)] };
    }
    case 'azure': {
      const billing = `${rng.uuid()}:${rng.uuid()}_2019-05-31`;
      return { billing, members: [rng.uuid(), rng.uuid(), rng.uuid(), rng.uuid()] };
    }
    case 'gcp': {
      const billing = `${rng.hex(6)}-${rng.hex(6)}-${rng.hex(6)}`.toUpperCase();
      const envs = ['prod', 'staging', 'data', 'shared'];
      return { billing, members: envs.map((env) => `${org.slug}-${env}-${rng.digits(6)}`) };
    }
  }
}

/** Segments group line items (by account); segment_id filters on them. */
export interface Segment {
  id: string;
  name: string;
}

export function segmentsFor(org: OrgSpec): Segment[] {
  const rng = new Rng(`${org.id}:segments`);
  return ['Production', 'Staging', 'Data platform'].map((name) => ({ id: rng.uuid(), name }));
}
