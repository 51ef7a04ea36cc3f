/**
 * Drift mode: successful answers deviate from our specs the way the real Archera may, so that the gateway's
 * tolerant reading and the contract probe can be tested against them. Only the v1 plans spec is the
 * vendor's; the deviations below are the likely ones where ours are inferred (unknown enum values, another
 * letter case, inferred fields missing, fields we do not know, another body for a purchase).
 *
 * A deviation is a pure function of the normal answer (no clock, no randomness): the same request gives the
 * same deviating answer every time, and an object deviates the same way wherever it appears (the choice
 * depends on the object, not on its position). Identity fields (`id`, `commitment_id`, `field`) are never
 * touched; the purchase's other body keeps an id of its own.
 */
import type { EndpointName } from '../upstream/endpoints';
import type { Commitment } from '../upstream/types';
import { expiresWithinDays } from './data/commitments';
import type { DriftSpec } from './types';

type Json = Record<string, unknown>;

interface DriftRule extends DriftSpec {
  /** Whether an object of the answer (each element of an array answer, else the body) deviates. */
  applies(item: Json): boolean;
  /** A value that depends on the object (extra fields); default: `value`. */
  valueFor?(item: Json): unknown;
  /** body-shape: the whole answer instead. */
  reshape?(item: Json): Json;
}

const V1_PLANS: readonly EndpointName[] = ['getPlan', 'getDefaultPlans', 'getRecommendedPlan', 'applyPlan'];
const COMMITMENTS: readonly EndpointName[] = ['listCommitments', 'getCommitmentDetails'];
const every = (): boolean => true;

function forEach(endpoints: readonly EndpointName[], rule: Omit<DriftRule, 'endpoint'>): DriftRule[] {
  return endpoints.map((endpoint) => ({ endpoint, ...rule }));
}

const isRecommended = (plan: Json): boolean => plan.name === 'Recommended';
const isHighSavings = (plan: Json): boolean => plan.name === 'High Savings';
const expiresSoon = (c: Json): boolean => c.status === 'active' && expiresWithinDays(c as Commitment, 30);
const isLegacyRi = (c: Json): boolean => c.status === 'expired' && c.type === 'EC2';

const RULES: readonly DriftRule[] = [
  // v1 plans
  ...forEach(V1_PLANS, {
    kind: 'unknown-enum-value',
    field: 'status',
    value: 'archived',
    where: "the org's Recommended plan (one per default-plans list, whatever its real status)",
    description: 'A plan status the enum does not list.',
    applies: isRecommended,
  }),
  ...forEach(V1_PLANS, {
    kind: 'extra-field',
    field: '_links',
    value: { self: { href: '/v1/org/{org_id}/commitment-plans/{id}' } },
    where: 'every plan',
    description: 'HAL-style links the spec does not know.',
    applies: every,
    valueFor: (plan) => ({
      self: { href: `/v1/org/${String(plan.org_id)}/commitment-plans/${String(plan.id)}` },
    }),
  }),
  // v1 line items
  {
    endpoint: 'listLineItems',
    kind: 'enum-case',
    field: 'offer.provider',
    value: 'AWS',
    where: 'every line item (AWS, AZURE, GCP)',
    description: "Upper-case provider, as in the vendor's own line-items example.",
    applies: every,
  },
  {
    endpoint: 'listLineItems',
    kind: 'extra-field',
    field: 'currency',
    value: 'USD',
    where: 'every line item',
    description: 'A currency field the spec does not know.',
    applies: every,
  },
  // v2 partner plans
  {
    endpoint: 'getPartnerDefaultPlans',
    kind: 'unknown-enum-value',
    field: 'risk.risk_level',
    value: 'elevated',
    where: 'the High Savings plan',
    description: 'A risk level the inferred enum does not list.',
    applies: isHighSavings,
  },
  ...(['risk', 'configuration', 'description'] as const).map((field): DriftRule => ({
    endpoint: 'getPartnerDefaultPlans',
    kind: 'missing-field',
    field,
    where: 'every plan but High Savings',
    description: `The inferred '${field}' is not in the answer.`,
    applies: (plan) => !isHighSavings(plan),
  })),
  {
    endpoint: 'getPartnerDefaultPlans',
    kind: 'extra-field',
    field: 'currency',
    value: 'USD',
    where: 'every plan',
    description: 'A currency field the spec does not know.',
    applies: every,
  },
  // v2 purchase
  {
    endpoint: 'purchasePartnerPlan',
    kind: 'body-shape',
    field: '',
    value: { data: { id: 'pur_…', plan_id: 'plan_…', state: 'submitted' }, message: 'Purchase accepted' },
    where: 'every successful purchase (it still takes effect)',
    description: 'An enveloped body instead of PurchaseResult: no purchase_id, no top-level status.',
    applies: every,
    reshape: (result) => ({
      data: {
        id: `pur_${String(result.purchase_id).replace(/-/g, '').slice(0, 24)}`,
        plan_id: result.plan_id,
        state: result.status,
      },
      message: 'Purchase accepted',
    }),
  },
  // beta commitments
  ...forEach(COMMITMENTS, {
    kind: 'unknown-enum-value',
    field: 'status',
    value: 'pending_renewal',
    where: 'active commitments ending within 30 days of the as-of date',
    description: 'A commitment status the enum does not list (is_active stays true).',
    applies: expiresSoon,
  }),
  ...forEach(COMMITMENTS, {
    kind: 'unknown-enum-value',
    field: 'payment_option',
    value: 'light_utilization',
    where: "expired EC2 reserved instances (AWS's legacy RI offering types)",
    description: 'A payment option the enum does not list.',
    applies: isLegacyRi,
  }),
  {
    endpoint: 'listCommitments',
    kind: 'enum-case',
    field: 'provider',
    value: 'AWS',
    where: 'every commitment (AWS, AZURE, GCP)',
    description: 'Upper-case provider.',
    applies: every,
  },
  ...forEach(COMMITMENTS, {
    kind: 'missing-field',
    field: 'monthly_commitment_cost',
    where: 'every commitment',
    description: "The inferred 'monthly_commitment_cost' is not in the answer.",
    applies: every,
  }),
  {
    endpoint: 'getCommitmentDetails',
    kind: 'missing-field',
    field: 'attribution.resources[].share',
    where: 'every attributed resource',
    description: 'The inferred attribution share is not in the answer (covered_cost still is).',
    applies: every,
  },
  ...forEach(COMMITMENTS, {
    kind: 'extra-field',
    field: 'tags',
    value: { 'archera:guaranteed': 'true' },
    where: "every commitment ('true' or 'false')",
    description: 'Cloud tags the spec does not know.',
    applies: every,
    valueFor: (c) => ({ 'archera:guaranteed': c.is_archera_guaranteed === true ? 'true' : 'false' }),
  }),
];

/** Every deviation of drift mode, by endpoint (what tests and docs read). */
export const DRIFTS: readonly DriftSpec[] = RULES.map(
  ({ endpoint, kind, field, value, where, description }): DriftSpec => ({
    endpoint,
    kind,
    field,
    ...(value === undefined ? {} : { value }),
    where,
    description,
  }),
);

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Calls `visit(parent, key)` for every place `path` names in `item`: dots for nesting, `[]` after a name
 * for each element of an array ('attribution.resources[].share'). Missing parents are skipped.
 */
function walk(item: unknown, path: string, visit: (parent: Json, key: string) => void): void {
  const [head = '', ...rest] = path.split('.');
  if (!isObject(item) || head === '') return;
  const name = head.endsWith('[]') ? head.slice(0, -2) : head;
  if (rest.length === 0) return visit(item, name);
  const next = item[name];
  const children = head.endsWith('[]') ? (Array.isArray(next) ? next : []) : [next];
  for (const child of children) walk(child, rest.join('.'), visit);
}

/** The values at `path` in an object (see walk), for tests: one per place where the field is present. */
export function readField(item: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  walk(item, path, (parent, key) => {
    if (key in parent) out.push(parent[key]);
  });
  return out;
}

function change(rule: DriftRule, item: Json): void {
  walk(item, rule.field, (parent, key) => {
    if (rule.kind === 'missing-field') delete parent[key];
    else if (rule.kind === 'enum-case') {
      if (typeof parent[key] === 'string') parent[key] = parent[key].toUpperCase();
    } else if (rule.kind === 'extra-field' || key in parent) {
      parent[key] = rule.valueFor ? rule.valueFor(item) : structuredClone(rule.value);
    }
  });
}

const BY_ENDPOINT = new Map<EndpointName, DriftRule[]>();
for (const rule of RULES) BY_ENDPOINT.set(rule.endpoint, [...(BY_ENDPOINT.get(rule.endpoint) ?? []), rule]);

/** The answer of a successful call as it looks in drift mode (a changed copy; the input is not touched). */
export function applyDrift(endpoint: EndpointName, body: unknown): unknown {
  const rules = BY_ENDPOINT.get(endpoint);
  if (!rules || body === undefined) return body;
  const copy: unknown = structuredClone(body);
  const drift = (item: unknown): unknown => {
    if (!isObject(item)) return item;
    // Which rules apply is decided on the object as the handler made it, before any change.
    const chosen = rules.filter((rule) => rule.applies(item));
    for (const rule of chosen) if (rule.kind !== 'body-shape') change(rule, item);
    const reshape = chosen.find((rule) => rule.reshape)?.reshape;
    return reshape ? reshape(item) : item;
  };
  return Array.isArray(copy) ? copy.map(drift) : drift(copy);
}

export function validateDrift(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Error('drift must be true or false');
  return value;
}
