/**
 * v1 commitment plans: line items (offers to buy) and resource matches (which running resources each line
 * item would cover). All prices are integer micro-dollars per unit-hour. A plan is calculated from the
 * usage of its usage window (the 30 days before the day it was created): over that window a line item's
 * hourly fields are exact sums over its resource matches, and a plan's hourly fields are exact sums over its
 * line items. Resource matches for other periods follow the resources' usage (matches.ts).
 */
import type { CommitmentPlan, LineItem, Offer, ResourceMatch } from '../../upstream/types';
import {
  CATALOG,
  type CloudProvider,
  type CommitmentKind,
  discountFor,
  isGuaranteedTerm,
  PAYMENT_LABEL,
  type Payment,
  skusOfKind,
  type Term,
  TERM_MONTHS,
  termLabel,
  UNDERLYING_SECONDS,
} from './catalog';
import { AS_OF_DAY, AS_OF_SECONDS, isoDateTime, SECONDS_PER_DAY } from './calendar';
import { fromMicros, HOURS_PER_MONTH, ratio, round1 } from './money';
import { type Accounts, type OrgSpec, type PlanProfile, type PlanSpec, type Segment } from './orgs';
import { hash32, Rng } from './prng';
import { buildResourceSku, type ResourceInput } from './resources';

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** Archera's premium on guaranteed (GRI) line items, as a share of the gross hourly savings. */
const GRI_FEE_SHARE = 0.12;
/** Existing reservations are priced at about this share of on-demand. */
const EXISTING_RESERVED_RATE = 0.69;
/** Days of usage a plan is calculated from, ending the day before it was created. */
export const USAGE_WINDOW_DAYS = 30;

/**
 * What a resource match is made of, for the plan's usage window: average units per hour on demand
 * (`onDemand`), on existing reservations (`reserved`), and how many of the on-demand ones the plan's line
 * item buys a commitment for (`committed` <= `onDemand`); unit prices in micro-dollars per hour.
 */
export interface MatchBasis {
  onDemand: number;
  reserved: number;
  committed: number;
  ondemandPrice: number;
  reservedPrice: number;
  commitmentPrice: number;
}

/** A resource match as calculated for the plan's usage window, with what it is made of. */
export interface MatchRecord {
  match: ResourceMatch;
  basis: MatchBasis;
  lineItemId: string;
  /** The resource's first and last day of usage (inclusive day numbers, its usage_start and usage_end). */
  firstDay: number;
  lastDay: number;
  /** Seed of the resource's daily usage. */
  seed: number;
}

export interface PlanRecord {
  key: string;
  provider: CloudProvider;
  isDefault: boolean;
  /** The plan as first generated; its status may change at run time (see state.ts). */
  plan: CommitmentPlan;
  lineItems: LineItem[];
  /** line item id -> segment id (segments are not part of the API record). */
  segmentOf: Map<string, string>;
  /** [start, end) day numbers of the usage the plan was calculated from (the 30 days before created_at). */
  usageWindow: { startDay: number; endDay: number };
  /**
   * As calculated for the usage window; built on first use (the ResourceSKU records are most of the
   * generation cost). Other periods: matchesForPeriod (matches.ts).
   */
  resourceMatches: () => MatchRecord[];
  /** resource match id -> line item id (the API record carries no line item id). */
  lineItemOf: Map<string, string>;
  /** Integer totals reused by the v2 partner view. */
  micros: { amortized: number; upfront: number; guaranteedAmortized: number; nonGuaranteedAmortized: number };
}

const PROFILE_TERMS: Record<PlanProfile, readonly (readonly [Term, number])[]> = {
  high: [
    ['three_year', 8],
    ['one_year', 2],
  ],
  balanced: [
    ['one_year', 5],
    ['three_year', 3],
    ['one_year_gris', 2],
  ],
  recommended: [
    ['one_year_gris', 5],
    ['thirty_day_gris', 3],
    ['one_year', 2],
  ],
  mixed: [
    ['one_year', 4],
    ['three_year', 3],
    ['one_year_gris', 2],
    ['thirty_day_gris', 1],
  ],
};
const PROFILE_PAYMENTS: Record<PlanProfile, readonly (readonly [Payment, number])[]> = {
  high: [
    ['all_upfront', 5],
    ['partial_upfront', 3],
    ['no_upfront', 2],
  ],
  balanced: [
    ['no_upfront', 6],
    ['partial_upfront', 3],
    ['all_upfront', 1],
  ],
  recommended: [
    ['no_upfront', 9],
    ['partial_upfront', 1],
  ],
  mixed: [
    ['no_upfront', 5],
    ['partial_upfront', 3],
    ['all_upfront', 2],
  ],
};

/** A (term, payment) the kind actually sells, leaning towards the profile's preferences. */
function pickTermPayment(rng: Rng, kind: CommitmentKind, profile: PlanProfile): [Term, Payment] {
  const term = rng.weighted(PROFILE_TERMS[profile]);
  const payment = rng.weighted(PROFILE_PAYMENTS[profile]);
  let options = kind.grid.filter(([t]) => t === term);
  // Kinds Archera cannot guarantee fall back to the plain one-year term rather than a random one.
  if (options.length === 0) options = kind.grid.filter(([t]) => t === 'one_year');
  if (options.length === 0) options = [...kind.grid];
  const [t, p] = options.find(([, p]) => p === payment) ?? rng.pick(options);
  return [t, p];
}

interface OfferKey {
  kind: CommitmentKind;
  instanceType: string;
  family: string;
  engine: string | undefined;
  regionCode: string;
  term: Term;
  payment: Payment;
  upfrontUnitMicros: number;
  recurringUnitMicros: number;
}

/** Offers are shared by every line item (of any plan of the org) that buys the same thing. */
export class OfferBook {
  private readonly offers = new Map<string, Offer>();
  constructor(
    private readonly provider: CloudProvider,
    private readonly rng: Rng,
  ) {}

  get(k: OfferKey): Offer {
    const sp = k.kind.savingsPlan;
    const regional = !(sp && k.kind.planType !== 'EC2Instance');
    const id = [
      k.kind.type,
      sp ? k.family : k.instanceType,
      regional ? k.regionCode : '',
      k.term,
      k.payment,
    ].join('|');
    const existing = this.offers.get(id);
    if (existing) return existing;
    const catalog = CATALOG[this.provider];
    const pay = PAYMENT_LABEL[k.payment];
    const what = sp
      ? `${k.kind.planType === 'EC2Instance' ? `EC2 Instance Savings Plan ${k.family}` : `${k.kind.planType} ${this.provider === 'gcp' ? 'CUD' : 'Savings Plan'}`}`
      : `${k.instanceType} ${k.kind.skuKind === 'compute' ? catalog.productDescription : (k.engine ?? '')}`;
    const displayName = `${what}${regional ? ` ${k.regionCode}` : ''} ${termLabel(k.term)} ${pay}`.replace(
      /\s+/g,
      ' ',
    );
    const providerOfferingId =
      this.provider === 'aws'
        ? this.rng.uuid()
        : this.provider === 'azure'
          ? `${this.rng.code(12)}/${this.rng.code(4)}`
          : `cud-${k.kind.type.toLowerCase()}-${k.regionCode}-${this.rng.hex(8)}`;
    const offer: Offer = {
      id: this.rng.uuid(),
      provider: this.provider,
      provider_offering_id: providerOfferingId,
      type: k.kind.type,
      display_name: displayName,
      leased_display_name: isGuaranteedTerm(k.term) ? `Archera ${termLabel(k.term)}: ${what.trim()}` : null,
      region: regional ? k.regionCode : null,
      duration_seconds: UNDERLYING_SECONDS[k.term],
      upfront_cost: fromMicros(k.upfrontUnitMicros),
      recurring_cost: fromMicros(k.recurringUnitMicros),
      offering_class:
        this.provider === 'aws' && !sp ? (this.rng.chance(0.8) ? 'standard' : 'convertible') : null,
      payment_option: pay,
      offering_id: this.provider === 'aws' ? providerOfferingId : null,
      product_description: sp
        ? null
        : k.kind.skuKind === 'compute'
          ? catalog.productDescription
          : (k.engine ?? null),
      instance_family: sp && k.kind.planType !== 'EC2Instance' ? null : k.family,
      instance_type: sp ? null : k.instanceType,
      tenancy: this.provider === 'aws' && !sp ? 'default' : null,
      az: null,
      is_multi_az: k.kind.type === 'RDS' ? this.rng.chance(0.4) : null,
      is_flexible: sp || (this.provider !== 'gcp' && k.kind.skuKind === 'compute'),
      plan_type: k.kind.planType,
    };
    this.offers.set(id, offer);
    return offer;
  }
}

export interface PlanContext {
  org: OrgSpec;
  provider: CloudProvider;
  accounts: Accounts;
  segments: readonly Segment[];
  offers: OfferBook;
}

export function generatePlan(ctx: PlanContext, spec: PlanSpec): PlanRecord {
  const { org, provider, accounts, segments } = ctx;
  const catalog = CATALOG[provider];
  const rng = new Rng(`${org.id}:${provider}:plan:${spec.key}`);
  const planId = rng.uuid();
  const lineItems: LineItem[] = [];
  const pendingMatches: {
    match: Omit<ResourceMatch, 'resource'>;
    basis: MatchBasis;
    lineItemId: string;
    input: Omit<ResourceInput, 'usageStartDay'>;
  }[] = [];
  const segmentOf = new Map<string, string>();
  const lineItemOf = new Map<string, string>();
  const sum = {
    covered: 0,
    beforeOd: 0,
    beforeRes: 0,
    amortized: 0,
    recurring: 0,
    fee: 0,
    totalCost: 0,
    totalSavings: 0,
    upfront: 0,
    guaranteed: 0,
  };
  let coveredUnits = 0;
  let totalUnits = 0;
  let longest: Term | null = null;

  for (let i = 0; i < spec.lineItems; i++) {
    const kind = rng.weighted(catalog.kinds.map((k) => [k, k.weight] as const));
    const [term, payment] = pickTermPayment(rng, kind, spec.profile);
    const sku = rng.pick(skusOfKind(catalog, kind));
    const region = rng.weighted(catalog.regions.map((r, idx) => [r, idx === 0 ? 4 : 1] as const));
    const memberIndex = rng.int(0, accounts.members.length - 1);
    const accountId = accounts.members[memberIndex] ?? accounts.billing;
    const segment = segments[memberIndex % segments.length];

    const p = Math.round(sku.hourly * region.multiplier * 1_000_000);
    const a = Math.round(p * (1 - discountFor(kind, term, payment)));
    const e = Math.round(p * EXISTING_RESERVED_RATE);
    const hours = TERM_MONTHS[term] * HOURS_PER_MONTH;
    const recurringUnit =
      payment === 'all_upfront' ? 0 : payment === 'partial_upfront' ? Math.floor(a / 2) : a;
    const upfrontUnit = (a - recurringUnit) * hours;
    const guaranteed = isGuaranteedTerm(term);
    const lineItemId = rng.uuid();

    // Resource matches first: the line item's units and costs are their sums.
    let n = 0;
    let onDemandUnits = 0;
    let reservedUnits = 0;
    const matchCount = rng.int(1, 3);
    for (let j = 0; j < matchCount; j++) {
      const nj = rng.int(1, 4);
      const oj = nj + rng.int(0, 2);
      const rj = rng.chance(0.25) ? rng.int(1, 3) : 0;
      n += nj;
      onDemandUnits += oj;
      reservedUnits += rj;
      const beforeOd = oj * p;
      const afterOd = (oj - nj) * p;
      const beforeRes = rj * e;
      const afterRes = beforeRes + nj * a;
      const match: Omit<ResourceMatch, 'resource'> = {
        id: rng.uuid(),
        total_units: oj + rj,
        before_uncovered_units: oj,
        after_covered_units: rj + nj,
        after_uncovered_units: oj - nj,
        ondemand_price: fromMicros(p),
        if_all_ondemand_cost: fromMicros((oj + rj) * p),
        before_ondemand_cost: fromMicros(beforeOd),
        after_ondemand_cost: fromMicros(afterOd),
        covered_ondemand_cost: fromMicros(nj * p),
        before_reserved_cost: fromMicros(beforeRes),
        after_reserved_cost: fromMicros(afterRes),
        before_cost: fromMicros(beforeOd + beforeRes),
        after_cost: fromMicros(afterOd + afterRes),
        monthly_before_cost: fromMicros((beforeOd + beforeRes) * HOURS_PER_MONTH),
        monthly_after_cost: fromMicros((afterOd + afterRes) * HOURS_PER_MONTH),
        monthly_after_reserved_cost: fromMicros(afterRes * HOURS_PER_MONTH),
        monthly_after_ondemand_cost: fromMicros(afterOd * HOURS_PER_MONTH),
        average_savings: fromMicros(nj * (p - a)),
        average_monthly_savings: fromMicros(nj * (p - a) * HOURS_PER_MONTH),
        usage_type: sku.kind === 'compute' ? 'running' : 'resource',
        coverage: ratio(rj + nj, oj + rj),
      };
      pendingMatches.push({
        match,
        basis: {
          onDemand: oj,
          reserved: rj,
          committed: nj,
          ondemandPrice: p,
          reservedPrice: e,
          commitmentPrice: a,
        },
        lineItemId,
        input: {
          provider,
          region,
          sku,
          accountId,
          billingAccountId: accounts.billing,
          orgSlug: org.slug,
          usageEndDay: AS_OF_DAY - 1,
        },
      });
      lineItemOf.set(match.id, lineItemId);
    }

    const covered = n * p;
    const amortized = n * a;
    const fee = guaranteed ? Math.round(n * (p - a) * GRI_FEE_SHARE) : 0;
    const savings = covered - amortized - fee;
    const beforeOd = onDemandUnits * p;
    const beforeRes = reservedUnits * e;
    const offer = ctx.offers.get({
      kind,
      instanceType: sku.instanceType,
      family: sku.family,
      engine: sku.engine,
      regionCode: region.code,
      term,
      payment,
      upfrontUnitMicros: upfrontUnit,
      recurringUnitMicros: recurringUnit,
    });
    // Savings plans are bought as $/hour (one unit); instance reservations as a count of instances.
    const extra = !kind.savingsPlan && rng.chance(0.06) ? rng.int(1, 2) : 0;
    const quantity = kind.savingsPlan ? 1 : n;
    const lineItem: LineItem = {
      id: lineItemId,
      plan_id: planId,
      offer_id: offer.id,
      lease_menu_item_id: guaranteed ? rng.uuid() : null,
      account_id: accountId,
      recommended_quantity: quantity + extra,
      selected_quantity: quantity,
      recommended_commitment: kind.savingsPlan ? fromMicros(amortized) : 0,
      selected_commitment: kind.savingsPlan ? fromMicros(amortized) : 0,
      is_selected: true,
      after_amortized_cost: fromMicros(amortized),
      upfront_cost: fromMicros(n * upfrontUnit),
      recurring_cost: fromMicros(n * recurringUnit),
      before_cost: fromMicros(beforeOd + beforeRes),
      before_ondemand_cost: fromMicros(beforeOd),
      before_reserved_cost: fromMicros(beforeRes),
      covered_ondemand_cost: fromMicros(covered),
      after_covered_units: reservedUnits + n,
      total_cost: fromMicros(amortized * hours),
      monthly_cost: fromMicros(amortized * HOURS_PER_MONTH),
      savings: fromMicros(savings),
      monthly_savings: fromMicros(savings * HOURS_PER_MONTH),
      total_savings: fromMicros(savings * hours),
      fee: fromMicros(fee),
      discount_rate: ratio(p - a, p),
      breakeven_hours: round1((hours * a) / p),
      contract_term: term,
      payment_option: PAYMENT_LABEL[payment],
      contract_spec: {
        commitment_type: kind.commitmentType,
        properties: kind.savingsPlan
          ? {
              plan_type: kind.planType,
              hourly_commitment: fromMicros(amortized).toFixed(6),
              ...(offer.region ? { region: offer.region } : {}),
            }
          : {
              instance_type: sku.instanceType,
              region: region.code,
              instance_count: n,
              ...(sku.engine ? { engine: sku.engine } : { platform: catalog.productDescription }),
            },
        term,
        payment_option: payment,
      },
      offer,
    };
    lineItems.push(lineItem);
    if (segment) segmentOf.set(lineItemId, segment.id);

    sum.covered += covered;
    sum.beforeOd += beforeOd;
    sum.beforeRes += beforeRes;
    sum.amortized += amortized;
    sum.recurring += n * recurringUnit;
    sum.fee += fee;
    sum.totalCost += amortized * hours;
    sum.totalSavings += savings * hours;
    sum.upfront += n * upfrontUnit;
    if (guaranteed) sum.guaranteed += amortized;
    coveredUnits += reservedUnits + n;
    totalUnits += onDemandUnits + reservedUnits;
    if (
      !longest ||
      TERM_MONTHS[term] > TERM_MONTHS[longest] ||
      (TERM_MONTHS[term] === TERM_MONTHS[longest] && term === 'one_year')
    ) {
      longest = term;
    }
  }

  const before = sum.beforeOd + sum.beforeRes;
  const createdAt = spec.isDefault
    ? AS_OF_SECONDS - 86_400 + rng.int(3_600, 30_000)
    : AS_OF_SECONDS - rng.int(20, 200) * 86_400 + rng.int(0, 80_000);
  const createdDay = Math.floor(createdAt / SECONDS_PER_DAY);
  const usageWindow = { startDay: createdDay - USAGE_WINDOW_DAYS, endDay: createdDay };
  const plan: CommitmentPlan = {
    id: planId,
    name: spec.name,
    description: spec.description,
    org_id: org.id,
    created_at: isoDateTime(createdAt),
    is_calculating: spec.calculating === true,
    status: spec.status,
    max_term: longest,
    covered_ondemand_cost_hourly: fromMicros(sum.covered),
    before_ondemand_cost_hourly: fromMicros(sum.beforeOd),
    before_reserved_cost_hourly: fromMicros(sum.beforeRes),
    amortized_cost_hourly: fromMicros(sum.amortized),
    recurring_cost_hourly: fromMicros(sum.recurring),
    upfront_cost_hourly: fromMicros(sum.amortized - sum.recurring),
    before_cost_hourly: fromMicros(before),
    after_cost_hourly: fromMicros(before - sum.covered + sum.amortized + sum.fee),
    total_cost_hourly: fromMicros(sum.amortized + sum.fee),
    savings_hourly: fromMicros(sum.covered - sum.amortized - sum.fee),
    fee_hourly: fromMicros(sum.fee),
    commitment_coverage: ratio(coveredUnits, totalUnits),
    minimum_commitment_cost: fromMicros(sum.totalCost),
    breakeven_hours: sum.covered === 0 ? 0 : round1(sum.totalCost / sum.covered),
    total_savings: fromMicros(sum.totalSavings),
    monthly_savings: fromMicros((sum.covered - sum.amortized - sum.fee) * HOURS_PER_MONTH),
    total_monthly_before_cost: fromMicros(before * HOURS_PER_MONTH),
  };
  return {
    key: spec.key,
    provider,
    isDefault: spec.isDefault,
    plan,
    lineItems,
    segmentOf,
    usageWindow,
    resourceMatches: lazy(() =>
      pendingMatches.map(({ match, basis, lineItemId, input }) => {
        // Each resource has its own random stream, so building them later changes nothing else. Every
        // resource ran through the whole usage window the plan was calculated from.
        const r = new Rng(`resource:${match.id}`);
        const usageStartDay = usageWindow.startDay - r.int(0, 370);
        return {
          match: { ...match, resource: buildResourceSku(r, { ...input, usageStartDay }) },
          basis,
          lineItemId,
          firstDay: usageStartDay,
          lastDay: input.usageEndDay,
          seed: hash32(`usage:${match.id}`),
        };
      }),
    ),
    lineItemOf,
    micros: {
      amortized: sum.amortized,
      upfront: sum.upfront,
      guaranteedAmortized: sum.guaranteed,
      nonGuaranteedAmortized: sum.amortized - sum.guaranteed,
    },
  };
}
