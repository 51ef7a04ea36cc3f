/** v1 commitment plans: default, recommended, one plan, apply, line items, resource matches. */
import type {
  LineItem,
  LineItemOrderBy,
  Provider,
  ResourceMatch,
  ResourceMatchOrderBy,
} from '../../upstream/types';
import { AS_OF, dayNumber } from '../data/calendar';
import type { OrgData } from '../data/dataset';
import { matchesForPeriod } from '../data/matches';
import type { PlanRecord } from '../data/plans';
import { HttpError } from '../http/errors';
import { paginate, paginationHeader } from '../http/pagination';
import type { Params } from '../http/params';
import { sortBy, type SortValue } from '../http/sorting';
import { type Handler, V1_PROVIDERS } from './context';

const LINE_ITEM_ORDER: Record<LineItemOrderBy, (li: LineItem) => SortValue> = {
  id: (li) => li.id,
  plan_id: (li) => li.plan_id,
  offer_id: (li) => li.offer_id,
  account_id: (li) => li.account_id,
  amortized_cost: (li) => li.after_amortized_cost,
  upfront_cost: (li) => li.upfront_cost,
  recurring_cost: (li) => li.recurring_cost,
  total_cost: (li) => li.total_cost,
  savings: (li) => li.savings,
  fee: (li) => li.fee,
  covered_ondemand_cost: (li) => li.covered_ondemand_cost,
  before_ondemand_cost: (li) => li.before_ondemand_cost,
  before_reserved_cost: (li) => li.before_reserved_cost,
  covered_units: (li) => li.after_covered_units,
  before_cost: (li) => li.before_cost,
  monthly_savings: (li) => li.monthly_savings,
  breakeven_hours: (li) => li.breakeven_hours,
  discount_rate: (li) => li.discount_rate,
  monthly_cost: (li) => li.monthly_cost,
  selected_quantity: (li) => li.selected_quantity,
  'offer.type': (li) => li.offer.type,
  'offer.duration_seconds': (li) => li.offer.duration_seconds,
};

const MATCH_ORDER: Record<ResourceMatchOrderBy, (m: ResourceMatch) => SortValue> = {
  id: (m) => m.id,
  unmatched_units: (m) => m.after_uncovered_units,
  total_units: (m) => m.total_units,
  ondemand_price: (m) => m.ondemand_price,
  reserved_cost: (m) => m.after_reserved_cost,
  // Every match here is fully explained, so this orders by id only.
  explanation_unmatched: () => null,
  coverage: (m) => m.coverage,
  ondemand_cost: (m) => m.after_ondemand_cost,
  covered_ondemand_cost: (m) => m.covered_ondemand_cost,
  before_cost: (m) => m.before_cost,
  after_cost: (m) => m.after_cost,
  covered_units: (m) => m.after_covered_units,
  average_savings: (m) => m.average_savings,
  average_monthly_savings: (m) => m.average_monthly_savings,
  monthly_after_cost: (m) => m.monthly_after_cost,
};

/** Order of the three default plans in responses. */
const DEFAULT_ORDER = ['High Savings', 'Balanced', 'Recommended'];

function defaultPlans(org: OrgData, provider: Provider): PlanRecord[] {
  return org.plans
    .filter((p) => p.isDefault && p.provider === provider)
    .sort((a, b) => DEFAULT_ORDER.indexOf(a.plan.name) - DEFAULT_ORDER.indexOf(b.plan.name));
}

function findPlan(org: OrgData, params: Params): PlanRecord {
  const planId = params.pathUuid('plan_id');
  params.done();
  const record = org.plansById.get(planId);
  if (!record) throw new HttpError(404, `Commitment plan ${planId} not found`);
  return record;
}

export const getDefaultPlans: Handler = ({ org, params, state }) => {
  const provider = params.enumOf('provider', V1_PROVIDERS, { required: true });
  params.done();
  return { status: 200, body: defaultPlans(org, provider ?? 'aws').map((p) => state.plan(p)) };
};

export const getRecommendedPlan: Handler = ({ org, params, state }) => {
  const provider = params.enumOf('provider', V1_PROVIDERS, { required: true });
  params.done();
  const recommended = defaultPlans(org, provider ?? 'aws').find((p) => p.plan.name === 'Recommended');
  // A plan still calculating is not available yet: 204, as documented.
  if (!recommended || state.isCalculating(recommended)) return { status: 204 };
  return { status: 200, body: state.plan(recommended) };
};

export const getPlan: Handler = ({ org, params, state }) => ({
  status: 200,
  body: state.plan(findPlan(org, params)),
});

export const applyPlan: Handler = ({ org, params, state }) => ({
  status: 200,
  body: state.apply(findPlan(org, params)),
});

function pageParams(params: Params): { page: number; pageSize: number } {
  return { page: params.int('page', 1, 1), pageSize: params.int('page_size', 20, 1, 100) };
}

export const listLineItems: Handler = ({ org, params }) => {
  const orderBy = params.enumOf('order_by', Object.keys(LINE_ITEM_ORDER) as LineItemOrderBy[]) ?? 'id';
  const desc = params.bool('desc') ?? false;
  const segmentId = params.string('segment_id');
  const matchIds = params.uuidList('resource_match_ids');
  const { page, pageSize } = pageParams(params);
  const record = findPlan(org, params);

  let items = record.lineItems;
  if (segmentId !== undefined)
    items = items.filter((li) => record.segmentOf.get(li.id) === segmentId.toLowerCase());
  if (matchIds) {
    const wanted = new Set(matchIds.map((id) => record.lineItemOf.get(id)).filter((id) => id !== undefined));
    items = items.filter((li) => wanted.has(li.id));
  }
  const result = paginate(
    sortBy(items, LINE_ITEM_ORDER[orderBy], desc, (li) => li.id),
    page,
    pageSize,
  );
  return { status: 200, body: result.items, headers: paginationHeader(result.metadata) };
};

export const listResourceMatches: Handler = ({ org, params }) => {
  const orderBy =
    params.enumOf('order_by', Object.keys(MATCH_ORDER) as ResourceMatchOrderBy[]) ?? 'covered_ondemand_cost';
  const desc = params.bool('desc') ?? true;
  const start = params.date('start_date', { required: true });
  const end = params.date('end_date', { required: true });
  const lineItemIds = params.uuidList('line_item_ids');
  const { page, pageSize } = pageParams(params);
  if (start && end && start > end) params.fail('query', 'end_date', 'Must not be before start_date.');
  const record = findPlan(org, params);

  // The usage of the period decides which resources match (those with usage in it) and their numbers.
  const wanted = lineItemIds && new Set(lineItemIds);
  const matches = matchesForPeriod(
    record,
    dayNumber(start ?? AS_OF),
    dayNumber(end ?? AS_OF),
    wanted && ((m) => wanted.has(m.lineItemId)),
  );
  const result = paginate(
    sortBy(
      matches.map((m) => m.match),
      MATCH_ORDER[orderBy],
      desc,
      (m) => m.id,
    ),
    page,
    pageSize,
  );
  return { status: 200, body: result.items, headers: paginationHeader(result.metadata) };
};
