/**
 * The cost of an operation: how many upstream calls it can cause, before it runs. Each field that fetches
 * from Archera costs its calls once per item of the lists around it (GitHub's model, with our calls as the
 * unit): `defaultCommitmentPlans { lineItems(first: 10) { nodes { resourceMatches } } }` is
 * 1 + 3 × 1 + 3 × 10 × 1 = 34. Connections cost one call per upstream page their window needs (pages hold
 * 100 items; the commitment inventory 10 000); plain lists count their documented typical size. Fields
 * served from their parent's data cost nothing.
 *
 * The walk collects fields the way execution does (fragments merged, @skip/@include applied, variables
 * and defaults coerced), so a fragment spread at two depths is counted at both, and an abstract field
 * (node, _entities) counts its most expensive possible type.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { DEFAULT_PAGE_WINDOW } from '../../config/limits';
import { decodeGlobalId } from '../../schema/ids';
import { ENDPOINTS, type EndpointName, type PagedEndpoint } from '../../upstream/endpoints';
import { amountOf } from '../../upstream/values';
import { COMPARISON_MAX_BATCH as COMPARISON_BATCH } from '../../loaders/commitments';

type Args = Record<string, unknown>;

export interface FieldCost {
  /** The endpoint one resolution of the field calls (its weight is in endpoints.ts). */
  endpoint?: EndpointName;
  /** Upstream calls of one resolution that are not a single endpoint's (lookups by global id, previews). */
  calls?: number | ((args: Args) => number);
  /** A Relay connection over this endpoint's list, paged by its largest page size. */
  connection?: PagedEndpoint;
  /** Size of the list the field returns (its items multiply what is selected below). */
  list?: number | ((args: Args) => number);
  /**
   * Batched: one call of `endpoint` per `size` items of the enclosing lists, shared by every field of the
   * same `key` in one selection set (a page of commitments asks its comparisons in one call).
   */
  batch?: { key: string; size: number };
}

/** Plain lists the table does not size (their items hold no upstream fields today). */
export const DEFAULT_LIST_SIZE = 10;
/** Default commitment plans (High Savings, Balanced, Recommended) and the partner plans made from them. */
export const DEFAULT_PLANS = 3;
/** A line item has no get-by-id upstream: a lookup scans its plan's pages (3 pages hold 300 items). */
export const LINE_ITEM_LOOKUP_CALLS = 3;
/** A purchase preview reads the partner plans, the default plans and the plan's line items (3 pages). */
export const PURCHASE_CALLS = 5;
/** Items an upstream page of line items holds (a purchase preview reads every selected one). */
const PAGE = ENDPOINTS.listLineItems.maxPageSize;

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

function lookupCalls(id: unknown): number {
  return typeof id === 'string' && decodeGlobalId(id)?.type === 'LineItem' ? LINE_ITEM_LOOKUP_CALLS : 1;
}

/** Cost rules by "Type.field". Fields absent here cost nothing (scope objects, data of the parent). */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.orgs': { list: (a) => count(a.ids) },
  'Query.node': { calls: (a) => lookupCalls(a.id) },
  'Query.nodes': {
    calls: (a) => (Array.isArray(a.ids) ? a.ids.reduce((n: number, id) => n + lookupCalls(id), 0) : 0),
    list: (a) => count(a.ids),
  },
  'Query._entities': {
    calls: (a) =>
      Array.isArray(a.representations)
        ? a.representations.filter((r) => (r as { __typename?: unknown })?.__typename !== 'Org').length
        : 0,
    list: (a) => count(a.representations),
  },
  'Org.commitmentPlan': { endpoint: 'getPlan' },
  'Org.defaultCommitmentPlans': { endpoint: 'getDefaultPlans', list: DEFAULT_PLANS },
  'Org.recommendedCommitmentPlan': { endpoint: 'getRecommendedPlan' },
  'Org.partnerPlans': { endpoint: 'getPartnerDefaultPlans', list: DEFAULT_PLANS },
  'Org.commitments': { connection: 'listCommitments' },
  'Org.commitment': { endpoint: 'getCommitmentDetails' },
  'Org.commitmentSummary': { endpoint: 'getCommitmentSummary' },
  'Org.commitmentMetrics': { endpoint: 'getCommitmentMetrics' },
  'Org.commitmentCoverage': { endpoint: 'getDailyCoverage' },
  'Org.commitmentComparison': { endpoint: 'getCommitmentComparison' },
  'Org.commitmentAttributes': { endpoint: 'listCommitmentAttributes' },
  'Org.commitmentAttributeValues': { endpoint: 'listCommitmentAttributeValues' },
  'CommitmentPlan.lineItems': { connection: 'listLineItems' },
  'CommitmentPlan.resourceMatches': { connection: 'listResourceMatches' },
  'LineItem.resourceMatches': { connection: 'listResourceMatches' },
  'Commitment.details': { endpoint: 'getCommitmentDetails' },
  'Commitment.comparison': {
    endpoint: 'getCommitmentComparison',
    batch: { key: 'commitmentComparison', size: COMPARISON_BATCH },
  },
  'Commitment.comparisonSkippedReason': {
    endpoint: 'getCommitmentComparison',
    batch: { key: 'commitmentComparison', size: COMPARISON_BATCH },
  },
  'Org.recommendationStatus': { calls: 2 },
  // A subscription reads its plan once to start (shared pollers then read once per interval for everyone).
  'Subscription.commitmentPlanUpdated': { endpoint: 'getPlan' },
  'Subscription.partnerPlanUpdated': { endpoint: 'getPartnerDefaultPlans' }, // the recommended plan, then the default plans
  // The line items of a list share their plan (usually already in the request's loaders): one read per page.
  'LineItem.plan': { endpoint: 'getPlan', batch: { key: 'lineItemPlan', size: PAGE } },
  // An org's partner plans share its default plans: one read per provider (three plans each).
  'PartnerPlan.plan': { endpoint: 'getDefaultPlans', batch: { key: 'presentedPlan', size: DEFAULT_PLANS } },
  // Every commitment a comparison names is found in one inventory page of its provider.
  'CommitmentComparisonEntry.commitment': {
    endpoint: 'listCommitments',
    batch: { key: 'inventory', size: ENDPOINTS.listCommitments.maxPageSize },
  },
  'CommitmentResolution.commitment': {
    endpoint: 'listCommitments',
    batch: { key: 'inventory', size: ENDPOINTS.listCommitments.maxPageSize },
  },
  'SkippedCommitment.commitment': {
    endpoint: 'listCommitments',
    batch: { key: 'inventory', size: ENDPOINTS.listCommitments.maxPageSize },
  },
  // The plan read first (a plan still calculating is refused before the POST), then the POST.
  'Mutation.applyCommitmentPlan': { calls: 2 },
  // The plan read again after the apply.
  'ApplyCommitmentPlanPayload.plan': { endpoint: 'getPlan' },
  'Mutation.purchaseCommitmentPlan': { calls: PURCHASE_CALLS },
  // The partner plans again (a purchase drops the copies it read before).
  'PurchaseCommitmentPlanPayload.plan': { endpoint: 'getPartnerDefaultPlans' },
  // Every selected line item of the plan: sized like one upstream page.
  'PurchasePreview.lineItems': { list: PAGE },
};

export interface CostOptions {
  /** Largest first/last: larger is a violation (and costs as this much). */
  maxPageWindow: number;
}

export interface ArgumentViolation {
  argument: string;
  message: string;
}

export interface CostReport {
  cost: number;
  /** Arguments over their caps (refused before execution, BAD_USER_INPUT as the resolvers would). */
  violations: ArgumentViolation[];
}

/** The window a connection's arguments ask for (what the resolver will fetch), capped. */
function connectionWindow(args: Args, options: CostOptions, violations: ArgumentViolation[]): number {
  const first = amountOf(args.first);
  const last = amountOf(args.last);
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value !== undefined && value > options.maxPageWindow) {
      violations.push({
        argument: name,
        message: `\`${name}\` must be at most ${options.maxPageWindow} (got ${value}).`,
      });
    }
  }
  const asked = first ?? last ?? DEFAULT_PAGE_WINDOW;
  return Math.min(Math.max(0, asked), options.maxPageWindow);
}

/** Weight of one call of an endpoint (endpoints.ts). */
const weight = (endpoint: EndpointName): number => ENDPOINTS[endpoint].cost;

function connectionCalls(window: number, args: Args, pageSize: number): number {
  // A window not aligned on pages may need one page more; `last` without `before` first reads the total.
  const pages = Math.max(1, Math.ceil(window / pageSize)) + (args.after != null && window > 1 ? 1 : 0);
  return pages + (args.last != null && args.before == null ? 1 : 0);
}

function valueOf<T>(rule: T | ((args: Args) => T) | undefined, args: Args): T | undefined {
  return typeof rule === 'function' ? (rule as (args: Args) => T)(args) : rule;
}

class CostWalker {
  readonly violations: ArgumentViolation[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly options: CostOptions,
  ) {}

  /** Cost of the fields collected on `type`, each resolved `multiplier` times. */
  fields(
    type: GraphQLObjectType,
    fields: Map<string, readonly FieldNode[]>,
    multiplier: number,
    window: number | undefined,
  ): number {
    let total = 0;
    const batches = new Set<string>();
    for (const nodes of fields.values()) {
      const node = nodes[0]!;
      const name = node.name.value;
      if (name.startsWith('__')) continue;
      const def = type.getFields()[name];
      if (!def) continue;
      const args = this.args(def, node);
      const rule = FIELD_COSTS[`${type.name}.${name}`];
      let childWindow: number | undefined;
      if (rule?.connection) {
        const paged = ENDPOINTS[rule.connection];
        childWindow = connectionWindow(args, this.options, this.violations);
        total += multiplier * weight(rule.connection) * connectionCalls(childWindow, args, paged.maxPageSize);
      } else if (rule?.batch) {
        if (!batches.has(rule.batch.key)) {
          batches.add(rule.batch.key);
          total += Math.ceil(multiplier / rule.batch.size) * (rule.endpoint ? weight(rule.endpoint) : 1);
        }
      } else if (rule?.endpoint) {
        total += multiplier * weight(rule.endpoint) * (valueOf(rule.calls, args) ?? 1);
      } else {
        total += multiplier * (valueOf(rule?.calls, args) ?? 0);
      }
      const named = getNamedType(def.type);
      if (!isCompositeType(named)) continue;
      let childMultiplier = multiplier;
      if (isListType(getNullableType(def.type))) {
        const isWindowList = type.name.endsWith('Connection') && (name === 'edges' || name === 'nodes');
        const size = isWindowList
          ? (window ?? DEFAULT_PAGE_WINDOW)
          : (valueOf(rule?.list, args) ?? DEFAULT_LIST_SIZE);
        childMultiplier = multiplier * size;
      }
      if (childMultiplier === 0) continue;
      const runtimeTypes = isAbstractType(named)
        ? this.schema.getPossibleTypes(named)
        : isObjectType(named)
          ? [named]
          : [];
      let most = 0;
      for (const runtime of runtimeTypes) {
        const sub = collectSubfields(this.schema, this.fragments, this.variables, runtime, nodes);
        most = Math.max(most, this.fields(runtime, sub, childMultiplier, childWindow));
      }
      total += most;
    }
    return total;
  }

  private args(def: GraphQLField<unknown, unknown>, node: FieldNode): Args {
    try {
      return getArgumentValues(def, node, this.variables);
    } catch {
      // Invalid arguments fail at execution, before any resolver: nothing to count.
      return {};
    }
  }
}

/**
 * The cost of `operation` with these variables. Variables that do not coerce make the operation fail before
 * anything runs, so they cost nothing here.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
  options: CostOptions,
): CostReport {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, {
    maxErrors: 1,
  });
  if ('errors' in coerced && coerced.errors) return { cost: 0, violations: [] };
  const variables = coerced.coerced;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return { cost: 0, violations: [] };
  const walker = new CostWalker(schema, fragments, variables, options);
  const fields = collectFields(schema, fragments, variables, root, operation.selectionSet);
  const cost = walker.fields(root, fields, 1, undefined);
  return { cost, violations: walker.violations };
}
