/** Beta commitments: inventory, details, attributes, summary, metrics, coverage and comparison. */
import type { CommitmentFilter, CommitmentOrderBy, SkippedCommitment } from '../../upstream/types';
import { AS_OF_DAY, dayNumber } from '../data/calendar';
import type { CommitmentRecord } from '../data/commitments';
import { compare } from '../data/comparison';
import {
  attributeValues,
  COMMITMENT_ATTRIBUTES,
  COMMITMENT_ORDER,
  type InventoryQuery,
  isAttribute,
  parseFilter,
  selectCommitments,
  sortCommitments,
} from '../data/inventory';
import { coverage, details, metrics, summarize } from '../data/portfolio';
import { HttpError } from '../http/errors';
import { paginate, paginationHeader } from '../http/pagination';
import type { Params } from '../http/params';
import { BETA_PROVIDERS, type Handler, PAYMENT_OPTIONS } from './context';

const ORDER_FIELDS = Object.keys(COMMITMENT_ORDER) as CommitmentOrderBy[];

/** The filter object (JSON); 422 for invalid JSON, a non-object, unknown fields, bad value lists. */
function filterParam(params: Params): CommitmentFilter | undefined {
  const text = params.string('filter');
  if (text === undefined) return undefined;
  const { filter, problems } = parseFilter(text);
  for (const [where, message] of problems) params.fail('query', where, message);
  return filter;
}

/**
 * provider (required), only_active (default true), search, filter, order_by (default end_date), desc
 * (default false).
 */
function inventoryParams(params: Params): InventoryQuery & { orderBy: CommitmentOrderBy; desc: boolean } {
  return {
    provider: params.enumOf('provider', BETA_PROVIDERS, { required: true }) ?? 'aws',
    onlyActive: params.bool('only_active') ?? true,
    search: params.string('search'),
    filter: filterParam(params),
    orderBy: params.enumOf('order_by', ORDER_FIELDS) ?? 'end_date',
    desc: params.bool('desc') ?? false,
  };
}

export const listCommitments: Handler = ({ org, params }) => {
  const q = inventoryParams(params);
  const page = params.int('page', 1, 1);
  const pageSize = params.int('page_size', 20, 1, 10_000);
  params.done();
  const sorted = sortCommitments(selectCommitments(org, q), q.orderBy, q.desc);
  const result = paginate(sorted, page, pageSize);
  return {
    status: 200,
    body: result.items.map((r) => r.commitment),
    headers: paginationHeader(result.metadata),
  };
};

export const listCommitmentAttributes: Handler = () => ({ status: 200, body: COMMITMENT_ATTRIBUTES });

export const listCommitmentAttributeValues: Handler = ({ org, params }) => {
  const field = params.pathString('field');
  const q = inventoryParams(params);
  params.done();
  if (!isAttribute(field)) throw new HttpError(404, `Unknown commitment attribute '${field}'`);
  return {
    status: 200,
    body: attributeValues(sortCommitments(selectCommitments(org, q), q.orderBy, q.desc), field),
  };
};

export const getCommitmentSummary: Handler = ({ org, params }) => {
  const provider = params.enumOf('provider', BETA_PROVIDERS, { required: true }) ?? 'aws';
  params.done();
  return {
    status: 200,
    body: summarize(selectCommitments(org, { provider, onlyActive: true, search: undefined })),
  };
};

/** start_date < end_date, both YYYY-MM-DD; returns day numbers. */
function range(params: Params, start: string | undefined, end: string | undefined): [number, number] {
  if (start && end && start >= end) params.fail('query', 'end_date', 'Must be after start_date.');
  params.done();
  return [dayNumber(start ?? '1970-01-01'), dayNumber(end ?? '1970-01-01')];
}

/**
 * provider, start_date and end_date (required, end exclusive), search, filter: the commitments (any status)
 * and the period of metrics and coverage.
 */
function periodParams(params: Params): { query: InventoryQuery; period: [number, number] } {
  const provider = params.enumOf('provider', BETA_PROVIDERS, { required: true }) ?? 'aws';
  const start = params.date('start_date', { required: true });
  const end = params.date('end_date', { required: true });
  const search = params.string('search');
  const filter = filterParam(params);
  return { query: { provider, onlyActive: false, search, filter }, period: range(params, start, end) };
}

export const getCommitmentMetrics: Handler = ({ org, params }) => {
  const { query, period } = periodParams(params);
  return { status: 200, body: metrics(selectCommitments(org, query), ...period) };
};

export const getDailyCoverage: Handler = ({ org, params }) => {
  const { query, period } = periodParams(params);
  return { status: 200, body: coverage(selectCommitments(org, query), ...period) };
};

export const getCommitmentDetails: Handler = ({ org, params }) => {
  const id = params.pathUuid('commitment_id');
  const start = params.date('start_date');
  const end = params.date('end_date');
  // Defaults: the most recent day (yesterday to today); one bound given, a one-day window from it.
  const endDay = end ? dayNumber(end) : start ? dayNumber(start) + 1 : AS_OF_DAY;
  const startDay = start ? dayNumber(start) : endDay - 1;
  if (startDay >= endDay) params.fail('query', 'end_date', 'Must be after start_date.');
  params.done();
  const record = org.commitmentsById.get(id);
  if (!record) throw new HttpError(404, `Commitment ${id} not found`);
  return { status: 200, body: details(record, startDay, endDay) };
};

export const getCommitmentComparison: Handler = ({ org, params }) => {
  const provider = params.enumOf('provider', BETA_PROVIDERS, { required: true }) ?? 'aws';
  const ids = params.uuidList('commitment_ids');
  const paymentOptions = params.enumList('payment_options', PAYMENT_OPTIONS);
  params.done();
  let records: CommitmentRecord[];
  const skipped: SkippedCommitment[] = [];
  if (!ids) {
    records = selectCommitments(org, { provider, onlyActive: true, search: undefined });
  } else {
    // Requested ids that cannot be compared are reported, not dropped (and do not fail the batch).
    records = [];
    for (const id of new Set(ids)) {
      const r = org.commitmentsById.get(id);
      if (!r || r.provider !== provider) skipped.push({ commitment_id: id, reason: 'commitment not found' });
      else if (!r.commitment.is_active)
        skipped.push({ commitment_id: id, reason: 'commitment is not active' });
      else records.push(r);
    }
  }
  return {
    status: 200,
    body: compare({ records: sortCommitments(records, 'end_date', false), skipped, paymentOptions }),
  };
};
