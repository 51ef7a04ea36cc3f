/**
 * "How much have I left on the table": per active commitment, its current economics and the candidate
 * offers sized from its last day of usage, plus portfolio rollups per (term, payment option). A commitment
 * lands at the target when its kind sells it, else at the longest shorter term with the same payment
 * (GRI preferred at equal length), else stays as it is.
 */
import type {
  CommitmentComparison,
  CommitmentComparisonEntry,
  CommitmentFinancials,
  CommitmentResolution,
  ComparisonOption,
  HypotheticalTotal,
  SkippedCommitment,
} from '../../upstream/types';
import {
  discountFor,
  isGuaranteedTerm,
  PAYMENT_LABEL,
  type Payment,
  type Term,
  TERM_MONTHS,
  termLabel,
} from './catalog';
import type { CommitmentRecord } from './commitments';
import { fromCents } from './money';
import { monthlyValues } from './portfolio';

/** Premium Archera would charge on a guaranteed candidate, as a share of its cost. */
const CANDIDATE_GRI_PREMIUM = 0.05;
const LOW_UTILIZATION = 0.5;
const PAYMENT_ORDER: Payment[] = ['no_upfront', 'partial_upfront', 'all_upfront'];

interface Cents {
  cost: number;
  ondemand: number;
  premium: number;
}

function financials(c: Cents): CommitmentFinancials {
  const gross = c.ondemand - c.cost;
  return {
    commitment_cost: fromCents(c.cost),
    ondemand_equivalent_cost: fromCents(c.ondemand),
    commitment_savings: {
      gross: fromCents(gross),
      premium: fromCents(c.premium),
      net: fromCents(gross - c.premium),
    },
  };
}

interface Scoped {
  record: CommitmentRecord;
  utilization: number;
  current: Cents;
}

function currentCents(r: CommitmentRecord): Cents {
  const v = monthlyValues(r);
  return { cost: v.cost, ondemand: v.ondemand, premium: v.premium };
}

/** A candidate is sized to the usage actually consumed (its on-demand equivalent). */
function candidateCents(s: Scoped, term: Term, payment: Payment): Cents {
  if (term === s.record.term && payment === s.record.payment) return s.current;
  const cost = Math.round(s.current.ondemand * (1 - discountFor(s.record.kind, term, payment)));
  return {
    cost,
    ondemand: s.current.ondemand,
    premium: isGuaranteedTerm(term) ? Math.round(cost * CANDIDATE_GRI_PREMIUM) : 0,
  };
}

function offerName(r: CommitmentRecord, term: Term, payment: Payment): string {
  const c = r.commitment;
  const what =
    c.instance_type ?? (c.instance_family ? `${c.type} ${c.instance_family}` : (c.type ?? 'Commitment'));
  return [what, c.region, termLabel(term), PAYMENT_LABEL[payment]].filter(Boolean).join(' ');
}

function option(s: Scoped, term: Term, payment: Payment, cents: Cents, current: boolean): ComparisonOption {
  return {
    contract_term: term,
    payment_option: payment,
    is_archera_guaranteed: current
      ? s.record.commitment.is_archera_guaranteed === true
      : isGuaranteedTerm(term),
    offer_display_name: current
      ? (s.record.commitment.display_name ?? null)
      : offerName(s.record, term, payment),
    commitment_financials_monthly_rate: financials(cents),
  };
}

function resolve(
  s: Scoped,
  term: Term,
  payment: Payment,
): { term: Term; payment: Payment; resolution: CommitmentResolution['resolution'] } {
  const grid = s.record.kind.grid;
  if (grid.some(([t, p]) => t === term && p === payment)) return { term, payment, resolution: 'target' };
  const shorter = grid
    .filter(([t, p]) => p === payment && TERM_MONTHS[t] <= TERM_MONTHS[term])
    .sort(
      ([a], [b]) =>
        TERM_MONTHS[b] - TERM_MONTHS[a] || Number(isGuaranteedTerm(b)) - Number(isGuaranteedTerm(a)),
    )[0];
  if (shorter) return { term: shorter[0], payment, resolution: 'shorter_term' };
  return { term: s.record.term, payment: s.record.payment, resolution: 'current' };
}

function sum(items: readonly Cents[]): Cents {
  return items.reduce(
    (a, b) => ({ cost: a.cost + b.cost, ondemand: a.ondemand + b.ondemand, premium: a.premium + b.premium }),
    {
      cost: 0,
      ondemand: 0,
      premium: 0,
    },
  );
}

export interface ComparisonScope {
  /** Commitments to compare. */
  records: readonly CommitmentRecord[];
  /** Requested but not comparable (unknown, inactive). */
  skipped: readonly SkippedCommitment[];
  paymentOptions: readonly Payment[] | undefined;
}

export function compare(scope: ComparisonScope): CommitmentComparison {
  const skipped: SkippedCommitment[] = [...scope.skipped];
  const scoped: Scoped[] = [];
  for (const record of scope.records) {
    if (record.usage.noRecentUsage) {
      skipped.push({ commitment_id: record.commitment.id, reason: 'no recent SKU usage' });
      continue;
    }
    scoped.push({ record, utilization: record.commitment.utilization ?? 0, current: currentCents(record) });
  }
  const allowed = (p: Payment): boolean => !scope.paymentOptions || scope.paymentOptions.includes(p);

  const data: CommitmentComparisonEntry[] = scoped.map((s) => ({
    commitment_id: s.record.commitment.id,
    display_name: s.record.commitment.display_name ?? null,
    utilization: s.record.commitment.utilization ?? null,
    utilization_warning: s.utilization < LOW_UTILIZATION,
    current: option(s, s.record.term, s.record.payment, s.current, true),
    candidates: s.record.kind.grid
      .filter(([t, p]) => allowed(p) && !(t === s.record.term && p === s.record.payment))
      .map(([t, p]) => option(s, t, p, candidateCents(s, t, p), false)),
  }));

  const lowCount = scoped.filter((s) => s.utilization < LOW_UTILIZATION).length;
  const currentTotal = sum(scoped.map((s) => s.current));
  const targets = new Map<string, [Term, Payment]>();
  for (const s of scoped)
    for (const [t, p] of s.record.kind.grid) if (allowed(p)) targets.set(`${t}|${p}`, [t, p]);
  const ordered = [...targets.values()].sort(
    ([ta, pa], [tb, pb]) =>
      TERM_MONTHS[ta] - TERM_MONTHS[tb] ||
      Number(isGuaranteedTerm(tb)) - Number(isGuaranteedTerm(ta)) ||
      PAYMENT_ORDER.indexOf(pa) - PAYMENT_ORDER.indexOf(pb),
  );

  const hypothetical: HypotheticalTotal[] = ordered.map(([term, payment]) => {
    const resolutions: CommitmentResolution[] = [];
    const chosen: Cents[] = [];
    for (const s of scoped) {
      const r = resolve(s, term, payment);
      resolutions.push({
        commitment_id: s.record.commitment.id,
        contract_term: r.term,
        payment_option: r.payment,
        resolution: r.resolution,
      });
      chosen.push(r.resolution === 'current' ? s.current : candidateCents(s, r.term, r.payment));
    }
    const total = sum(chosen);
    return {
      contract_term: term,
      payment_option: payment,
      totals: financials(total),
      delta_vs_current: financials({
        cost: total.cost - currentTotal.cost,
        ondemand: total.ondemand - currentTotal.ondemand,
        premium: total.premium - currentTotal.premium,
      }),
      low_utilization_commitment_count: lowCount,
      resolutions,
    };
  });

  return {
    data,
    current_totals: financials(currentTotal),
    hypothetical_totals: hypothetical,
    low_utilization_commitment_count: lowCount,
    skipped_commitments: skipped,
  };
}
