/**
 * Before an operation runs: no subscriptions (the graph has none), its cost (cost.ts) against the ceiling,
 * `first`/`last` against their cap, then the API key's budget of cost points per minute. A refusal executes nothing and calls nothing upstream.
 * Every answer carries the cost and the key's budget as headers (x-query-cost, x-ratelimit-limit,
 * x-ratelimit-remaining, x-ratelimit-reset in epoch seconds, as GitHub does).
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../resolvers/context';
import { QUERY_TOO_COMPLEX } from '../limits/armor';
import type { BudgetDecision, CostBudget } from '../limits/budget';
import { operationCost } from '../limits/cost';
import type { SecurityLimits } from '../../config/limits';
import { currentScope } from '../../tenant/scope';

export interface CostPluginOptions {
  limits: SecurityLimits;
  /** Per-key budget; undefined when GRAPHQL_COST_BUDGET_PER_MINUTE=0. */
  budget: CostBudget | undefined;
  now?: () => number;
}

export function costPlugin(options: CostPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { limits, budget } = options;
  const now = options.now ?? Date.now;
  return {
    async requestDidStart() {
      let cost: number | undefined;
      let decision: BudgetDecision | undefined;
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          if (rc.operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions run over WebSocket (graphql-ws) on /graphql: send queries and mutations here.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const report = operationCost(rc.schema, rc.document, rc.operation, rc.request.variables, {
            maxPageWindow: limits.maxPageWindow,
          });
          cost = report.cost;
          const violation = report.violations[0];
          if (violation) {
            // A bad argument, as the resolver would say, but for the whole operation and before any call.
            throw new GraphQLError(`${violation.message} Nothing was executed.`, {
              extensions: { code: 'BAD_USER_INPUT', argument: violation.argument, http: { status: 400 } },
            });
          }
          if (report.cost > limits.maxCost) {
            throw new GraphQLError(
              `This operation could cost ${report.cost} upstream calls; the limit is ${limits.maxCost}. ` +
                'Ask for smaller pages (first/last) or fewer nested lists. Nothing was executed.',
              {
                extensions: {
                  code: QUERY_TOO_COMPLEX,
                  limit: 'cost',
                  cost: report.cost,
                  maxCost: limits.maxCost,
                  http: { status: 400 },
                },
              },
            );
          }
          const tenant = currentScope()?.tenant;
          if (!budget || tenant === undefined) return;
          decision = budget.spend(tenant, report.cost);
          if (!decision.allowed) {
            const retryAfter = decision.retryAfterSeconds ?? 1;
            throw new GraphQLError(
              `This API key has spent its budget of ${decision.limit} cost points per minute ` +
                `(this operation costs ${report.cost}); retry in ${retryAfter} s. Nothing was executed.`,
              {
                extensions: {
                  code: 'RATE_LIMITED',
                  retryAfter,
                  cost: report.cost,
                  http: {
                    status: 429,
                    headers: new HeaderMap([
                      ['retry-after', String(retryAfter)],
                      ...rateLimitHeaders(decision, report.cost, now()),
                    ]),
                  },
                },
              },
            );
          }
        },
        async willSendResponse({ response }) {
          if (decision?.allowed && cost !== undefined) {
            for (const [name, value] of rateLimitHeaders(decision, cost, now())) {
              response.http.headers.set(name, value);
            }
          }
        },
      };
    },
  };
}

function rateLimitHeaders(decision: BudgetDecision, cost: number, nowMs: number): Array<[string, string]> {
  return [
    ['x-query-cost', String(cost)],
    ['x-ratelimit-limit', String(decision.limit)],
    ['x-ratelimit-remaining', String(decision.remaining)],
    ['x-ratelimit-reset', String(Math.ceil(nowMs / 1000) + decision.resetSeconds)],
  ];
}
