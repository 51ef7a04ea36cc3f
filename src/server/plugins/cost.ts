/**
 * Before an operation runs over HTTP: no subscriptions (they run over WebSocket), its cost (cost.ts) against the ceiling,
 * `first`/`last` against their cap, then the API key's budget of cost points per minute. A refusal executes nothing and calls nothing upstream.
 * Every answer carries the cost and the key's budget as headers (x-query-cost, x-ratelimit-limit,
 * x-ratelimit-remaining, x-ratelimit-reset in epoch seconds, as GitHub does).
 *
 * Checked by the request plugin (request.ts). An operation's cost depends only on its document and its
 * variables, so it is worked out once per (operation, variables) and kept with the parsed operation.
 */
import { HeaderMap, type HTTPGraphQLHead } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { admitReport, BudgetSpent, type Admitted } from '../limits/admission';
import type { BudgetDecision, CostBudget } from '../limits/budget';
import { operationCost, type CostReport } from '../limits/cost';
import type { SecurityLimits } from '../../config/limits';

export interface CostGuardOptions {
  limits: SecurityLimits;
  /** Per-key budget; undefined when GRAPHQL_COST_BUDGET_PER_MINUTE=0. */
  budget: CostBudget | undefined;
  now?: () => number;
}

/** Variable sets whose cost is kept per operation (when full, the oldest-inserted half is dropped). */
const COSTS_PER_OPERATION = 64;
/** Variables longer than this as JSON are costed every time (a key that size would not pay off). */
const MAX_VARIABLES_KEY = 2048;

/** What the guard decided for one request (the answer's headers need it). */
export type CostCheck = Admitted;

/** The costs of one operation, by its variables. */
export type CostMemo = Map<string, CostReport>;

export class CostGuard {
  private readonly limits: SecurityLimits;
  private readonly budget: CostBudget | undefined;
  private readonly now: () => number;

  constructor(options: CostGuardOptions) {
    this.limits = options.limits;
    this.budget = options.budget;
    this.now = options.now ?? Date.now;
  }

  /** The operation's cost report, from `memo` when these variables were costed before. */
  report(
    memo: CostMemo,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
  ): CostReport {
    let key: string | undefined;
    if (!operation.variableDefinitions?.length) key = '';
    else if (variables !== undefined) {
      const json = JSON.stringify(variables);
      if (json.length <= MAX_VARIABLES_KEY) key = json;
    } else key = 'undefined';
    let report = key === undefined ? undefined : memo.get(key);
    if (report === undefined) {
      report = operationCost(schema, document, operation, variables, {
        maxPageWindow: this.limits.maxPageWindow,
      });
      if (key !== undefined) {
        if (memo.size >= COSTS_PER_OPERATION) {
          let drop = memo.size / 2;
          for (const old of memo.keys()) {
            if (drop-- <= 0) break;
            memo.delete(old);
          }
        }
        memo.set(key, report);
      }
    }
    return report;
  }

  /**
   * Refuses (throws) a subscription, an argument over its cap, a cost over the ceiling and an operation
   * the tenant's budget cannot pay, each with its HTTP status (400; 429 with Retry-After and the rate-limit
   * headers for the budget); else charges the budget and returns the cost and the budget's decision.
   */
  check(
    memo: CostMemo,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    tenant: string | undefined,
  ): CostCheck {
    if (operation.operation === 'subscription') {
      throw new GraphQLError(
        'Subscriptions run over WebSocket (graphql-ws) on /graphql: send queries and mutations here.',
        { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      );
    }
    const report = this.report(memo, schema, document, operation, variables);
    try {
      return admitReport(this.limits, this.budget, report, tenant);
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      // Admission's refusals say nothing of HTTP: a bad request is a 400, a spent budget a 429 with
      // Retry-After and the rate-limit headers.
      const http =
        err instanceof BudgetSpent
          ? {
              status: 429,
              headers: new HeaderMap([
                ['retry-after', String(err.retryAfter)],
                ...rateLimitHeaders(err.decision, err.cost, this.now()),
              ]),
            }
          : { status: 400 };
      throw new GraphQLError(err.message, { extensions: { ...err.extensions, http } });
    }
  }

  setHeaders(http: HTTPGraphQLHead, check: CostCheck): void {
    if (!check.decision?.allowed) return;
    for (const [name, value] of rateLimitHeaders(check.decision, check.cost, this.now())) {
      http.headers.set(name, value);
    }
  }
}

function rateLimitHeaders(decision: BudgetDecision, cost: number, nowMs: number): Array<[string, string]> {
  return [
    ['x-query-cost', String(cost)],
    ['x-ratelimit-limit', String(decision.limit)],
    ['x-ratelimit-remaining', String(decision.remaining)],
    ['x-ratelimit-reset', String(Math.ceil(nowMs / 1000) + decision.resetSeconds)],
  ];
}
