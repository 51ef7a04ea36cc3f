/**
 * The beta commitment inventory: active, expired and queued commitments with real instance types and
 * regions, some Archera-guaranteed. Monthly-rate metrics are those of the most recent day of usage data,
 * computed by usage.ts so that inventory, summary, metrics and details agree.
 */
import type { AttributedResource, Commitment } from '../../upstream/types';
import {
  CATALOG,
  type CloudProvider,
  type CommitmentKind,
  discountFor,
  isGuaranteedTerm,
  type Payment,
  type Region,
  type Sku,
  skusOfKind,
  type Term,
  UNDERLYING_SECONDS,
} from './catalog';
import { AS_OF_DAY, AS_OF_SECONDS, isoDateTime, SECONDS_PER_DAY } from './calendar';
import { fromCents } from './money';
import type { Accounts, OrgSpec } from './orgs';
import { hash32, Rng } from './prng';
import { buildResourceSku } from './resources';
import { LAST_DATA_DAY, monthlyCostCents, type UsageProfile, utilizationOn, valuesFor } from './usage';

/** A resource a commitment covers, with its weight in the attribution. */
export interface CoveredResource {
  resource: Omit<AttributedResource, 'covered_cost' | 'covered_hours' | 'share'>;
  weight: number;
}

export interface CommitmentRecord {
  commitment: Commitment;
  provider: CloudProvider;
  kind: CommitmentKind;
  term: Term;
  payment: Payment;
  usage: UsageProfile;
  instanceCount: number;
  /** Built on first use, from the commitment's own random stream. */
  resources: () => CoveredResource[];
}

type Status = 'active' | 'expired' | 'queued';

function pickTerm(rng: Rng, kind: CommitmentKind, guaranteed: boolean): [Term, Payment] {
  if (guaranteed) {
    const gris = kind.grid.filter(([t]) => isGuaranteedTerm(t));
    const [t, p] = rng.weighted(gris.map((g) => [g, g[0] === 'one_year_gris' ? 6 : 4] as const));
    return [t, p];
  }
  const native = kind.grid.filter(([t]) => !isGuaranteedTerm(t));
  const weight = ([t, p]: readonly [Term, Payment]): number =>
    (t === 'one_year' ? 6 : 4) * (p === 'no_upfront' ? 6 : p === 'partial_upfront' ? 3 : 2);
  const [t, p] = rng.weighted(native.map((g) => [g, weight(g)] as const));
  return [t, p];
}

/** Start time (epoch seconds) for a commitment of `durationDays` with the given status as of AS_OF. */
function pickStart(rng: Rng, status: Status, durationDays: number): number {
  const timeOfDay = rng.int(0, SECONDS_PER_DAY - 1);
  if (status === 'queued') return (AS_OF_DAY + rng.int(1, 45)) * SECONDS_PER_DAY + timeOfDay;
  if (status === 'expired') return (AS_OF_DAY - rng.int(1, 700) - durationDays) * SECONDS_PER_DAY + timeOfDay;
  // Active: started at least a day ago; some expire within 30 or 90 days (the common drilldown).
  const r = rng.next();
  const daysAgo =
    r < 0.04
      ? durationDays - rng.int(1, 30)
      : r < 0.1
        ? durationDays - rng.int(31, 90)
        : rng.int(1, durationDays - 1);
  return (AS_OF_DAY - daysAgo) * SECONDS_PER_DAY + timeOfDay;
}

function money3(micros: number): string {
  return `$${(micros / 1_000_000).toFixed(3)}/h`;
}

export function generateCommitments(
  org: OrgSpec,
  provider: CloudProvider,
  accounts: Accounts,
  count: number,
): CommitmentRecord[] {
  const catalog = CATALOG[provider];
  const rng = new Rng(`${org.id}:${provider}:commitments`);
  const records: CommitmentRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = rng.uuid();
    const kind = rng.weighted(catalog.kinds.map((k) => [k, k.weight] as const));
    const canGuarantee = kind.grid.some(([t]) => isGuaranteedTerm(t));
    const guaranteed = canGuarantee && rng.chance(provider === 'gcp' ? 0.25 : 0.4);
    const [term, payment] = pickTerm(rng, kind, guaranteed);
    const status = rng.weighted([
      ['active', 70],
      ['expired', 22],
      ['queued', 8],
    ] as const);
    const durationSeconds = UNDERLYING_SECONDS[term];
    const start = pickStart(rng, status, durationSeconds / SECONDS_PER_DAY);
    const end = start + durationSeconds;
    const sku = rng.pick(skusOfKind(catalog, kind));
    const region = rng.weighted(catalog.regions.map((r, idx) => [r, idx === 0 ? 4 : 1] as const));
    const accountId = rng.pick(accounts.members);
    const discount = discountFor(kind, term, payment);

    let hourlyMicros: number;
    let instanceCount: number;
    if (kind.savingsPlan) {
      hourlyMicros = rng.int(500, 12_000) * 1_000;
      instanceCount = Math.max(1, Math.round(hourlyMicros / (sku.hourly * 1_000_000 * (1 - discount))));
    } else {
      instanceCount = rng.weighted([
        [1, 3],
        [2, 3],
        [rng.int(3, 6), 3],
        [rng.int(7, 20), 1],
      ] as const);
      hourlyMicros = instanceCount * Math.round(sku.hourly * region.multiplier * 1_000_000 * (1 - discount));
    }
    const utilBase = rng.weighted([
      [rng.real(0.88, 0.99), 70],
      [rng.real(0.6, 0.85), 20],
      [rng.real(0.2, 0.48), 10],
    ] as const);
    const method = guaranteed
      ? rng.weighted([
          ['rebate', 7],
          ['release', 3],
        ] as const)
      : null;
    const usage: UsageProfile = {
      seed: hash32(id),
      utilBase,
      noRecentUsage: status === 'active' && rng.chance(0.04),
      firstDay: Math.floor(start / SECONDS_PER_DAY),
      endDay: Math.ceil(end / SECONDS_PER_DAY),
      hourlyMicros,
      discount,
      premiumRate: guaranteed ? Math.round(rng.real(0.03, 0.07) * 1000) / 1000 : 0,
      rebate: method === 'rebate',
    };

    const planLabel = kind.savingsPlan;
    const regional = !(planLabel && kind.planType !== 'EC2Instance');
    const displayName = displayNameFor(
      provider,
      kind,
      sku.instanceType,
      sku.engine,
      sku.family,
      region.code,
      instanceCount,
      hourlyMicros,
      sku.vcpu,
    );
    const reservationId =
      provider === 'aws'
        ? planLabel
          ? `arn:aws:savingsplans::${accountId}:savingsplan/${rng.uuid()}`
          : rng.uuid()
        : provider === 'azure'
          ? planLabel
            ? `/providers/Microsoft.BillingBenefits/savingsPlanOrders/${rng.uuid()}/savingsPlans/${rng.uuid()}`
            : `/providers/Microsoft.Capacity/reservationOrders/${rng.uuid()}/reservations/${rng.uuid()}`
          : `projects/${accountId}/regions/${region.code}/commitments/commitment-${rng.hex(10)}`;

    const active = status === 'active';
    const lastDay = active ? LAST_DATA_DAY : usage.endDay - 1;
    const utilization = status === 'queued' ? null : utilizationOn(usage, lastDay);
    // Monthly rates describe current economics: only active commitments have them.
    const monthly = active ? valuesFor(usage, monthlyCostCents(usage), utilization ?? 0) : null;
    const upfrontShare = payment === 'all_upfront' ? 1 : payment === 'partial_upfront' ? 0.5 : 0;
    const upfrontCents = Math.round((hourlyMicros * upfrontShare * (durationSeconds / 3600)) / 10_000);

    const commitment: Commitment = {
      id,
      provider_reservation_id: reservationId,
      provider,
      display_name: displayName,
      type: kind.type,
      status,
      is_active: active,
      is_archera_guaranteed: guaranteed,
      account_id: accountId,
      billing_account_id: accounts.billing,
      start_date: isoDateTime(start),
      end_date: isoDateTime(end),
      duration_seconds: durationSeconds,
      guarantee_start: guaranteed ? isoDateTime(start) : null,
      guarantee_lockin_date: guaranteed
        ? isoDateTime(start + (term === 'thirty_day_gris' ? 30 : 365) * SECONDS_PER_DAY)
        : null,
      guarantee_method: method,
      region: regional ? region.code : null,
      instance_type: planLabel ? null : sku.instanceType,
      instance_family: planLabel && kind.planType !== 'EC2Instance' ? null : sku.family,
      plan_type: kind.planType,
      payment_option: payment,
      offering_class:
        provider === 'aws' && !planLabel ? (rng.chance(0.8) ? 'standard' : 'convertible') : null,
      is_flexible: planLabel || (provider !== 'gcp' && kind.skuKind === 'compute'),
      instance_count: planLabel ? null : instanceCount,
      contract_term: term,
      utilization,
      commitment_upfront_cost: fromCents(upfrontCents),
      monthly_commitment_cost: fromCents(monthly?.cost ?? 0),
      monthly_net_savings: fromCents(monthly?.net ?? 0),
      monthly_gross_savings: fromCents(monthly?.gross ?? 0),
      monthly_premiums: fromCents(monthly?.premium ?? 0),
      monthly_estimated_rebate: fromCents(monthly?.rebate ?? 0),
    };

    const resources = lazyResources(
      org,
      provider,
      accounts,
      kind,
      sku,
      region,
      regional,
      accountId,
      instanceCount,
      usage,
      id,
    );
    records.push({ commitment, provider, kind, term, payment, usage, instanceCount, resources });
  }
  return records;
}

function displayNameFor(
  provider: CloudProvider,
  kind: CommitmentKind,
  instanceType: string,
  engine: string | undefined,
  family: string,
  region: string,
  count: number,
  hourlyMicros: number,
  vcpu: number,
): string {
  switch (kind.type) {
    case 'EC2':
      return `${count}x ${instanceType} Linux/UNIX ${region}`;
    case 'RDS':
    case 'ElastiCache':
      return `${count}x ${instanceType} ${engine ?? ''} ${region}`.replace(/\s+/g, ' ');
    case 'Compute':
      return `Compute Savings Plan ${money3(hourlyMicros)}`;
    case 'EC2Instance':
      return `EC2 Instance Savings Plan ${family} ${region} ${money3(hourlyMicros)}`;
    case 'VirtualMachines':
      return `VM reservation ${count}x ${instanceType} ${region}`;
    case 'SqlDatabases':
      return `SQL Database reservation ${count * vcpu} vCores ${region}`;
    case 'ComputeSavingsPlan':
      return `Azure savings plan for compute ${money3(hourlyMicros)}`;
    case 'ComputeEngine':
      return `CUD ${count}x ${instanceType} ${region}`;
    case 'CloudSQL':
      return `Cloud SQL CUD ${count}x ${instanceType} ${region}`;
    default:
      return `${provider === 'gcp' ? 'Flexible CUD' : kind.type} ${money3(hourlyMicros)}`;
  }
}

/** Resources a commitment covers (for attribution in details), largest first. */
function lazyResources(
  org: OrgSpec,
  provider: CloudProvider,
  accounts: Accounts,
  kind: CommitmentKind,
  sku: Sku,
  region: Region,
  regional: boolean,
  accountId: string,
  instanceCount: number,
  usage: UsageProfile,
  commitmentId: string,
): () => CoveredResource[] {
  let built: CoveredResource[] | undefined;
  return () => {
    if (built) return built;
    const catalog = CATALOG[provider];
    const rng = new Rng(`commitment-resources:${commitmentId}`);
    const count = kind.savingsPlan ? rng.int(3, 6) : Math.min(instanceCount, rng.int(1, 4));
    const resources: CoveredResource[] = [];
    for (let j = 0; j < count; j++) {
      const r = buildResourceSku(rng, {
        provider,
        region: regional ? region : rng.pick(catalog.regions),
        sku: kind.savingsPlan ? rng.pick(skusOfKind(catalog, kind)) : sku,
        accountId: rng.chance(0.8) ? accountId : rng.pick(accounts.members),
        billingAccountId: accounts.billing,
        orgSlug: org.slug,
        usageStartDay: usage.firstDay,
        usageEndDay: Math.min(usage.endDay, AS_OF_DAY) - 1,
      });
      resources.push({
        resource: {
          resource_id: r.resource_id,
          provider_resource_id: r.provider_resource_id,
          name: r.name ?? null,
          account_id: r.sub_account_id,
          region: r.region ?? null,
          instance_type: r.instance_type ?? null,
        },
        weight: rng.int(1, 5),
      });
    }
    resources.sort(
      (a, b) => b.weight - a.weight || a.resource.resource_id.localeCompare(b.resource.resource_id),
    );
    built = resources;
    return built;
  };
}

/** Active and ending within `days` days of AS_OF. */
export function expiresWithinDays(c: Commitment, days: number): boolean {
  if (!c.is_active || !c.end_date) return false;
  const end = Date.parse(c.end_date) / 1000;
  return end <= AS_OF_SECONDS + days * SECONDS_PER_DAY;
}
