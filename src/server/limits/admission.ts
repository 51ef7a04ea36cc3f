/**
 * Whether an operation may run, before anything executes: its arguments within their caps, its cost under
 * the ceiling, and the API key's budget able to pay it. The same answer for an HTTP request (the cost guard,
 * which adds the HTTP status and rate-limit headers) and a subscription (the WebSocket server); a refusal is a
 * GraphQLError with its code and nothing of HTTP.
 */
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { SecurityLimits } from '../../config/limits';
import { tooComplex } from './armor';
import type { BudgetDecision, CostBudget } from './budget';
import { operationCost, type CostReport } from './cost';

export interface Admitted {
  cost: number;
  /** The key's budget after this operation (undefined when budgets are off or the request has no key). */
  decision: BudgetDecision | undefined;
}

export interface AdmissionRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  /** The API key's fingerprint, when the request has a key. */
  tenant: string | undefined;
}

/** Admits the operation (charging the budget) or throws the refusal. */
export function admit(
  limits: SecurityLimits,
  budget: CostBudget | undefined,
  request: AdmissionRequest,
): Admitted {
  const report = operationCost(request.schema, request.document, request.operation, request.variables, {
    maxPageWindow: limits.maxPageWindow,
  });
  return admitReport(limits, budget, report, request.tenant);
}

/** Admits an operation whose cost report is known (charging the budget) or throws the refusal. */
export function admitReport(
  limits: SecurityLimits,
  budget: CostBudget | undefined,
  report: CostReport,
  tenant: string | undefined,
): Admitted {
  const violation = report.violations[0];
  if (violation) {
    // A bad argument, as the resolver would say, but for the whole operation and before any call.
    throw new GraphQLError(`${violation.message} Nothing was executed.`, {
      extensions: { code: 'BAD_USER_INPUT', argument: violation.argument },
    });
  }
  if (report.cost > limits.maxCost) {
    throw tooComplex(
      `This operation could cost ${report.cost} upstream calls; the limit is ${limits.maxCost}. ` +
        'Ask for smaller pages (first/last) or fewer nested lists. Nothing was executed.',
      'cost',
      { cost: report.cost, maxCost: limits.maxCost },
    );
  }
  if (!budget || tenant === undefined) return { cost: report.cost, decision: undefined };
  const decision = budget.spend(tenant, report.cost);
  if (!decision.allowed) throw new BudgetSpent(decision, report.cost);
  return { cost: report.cost, decision };
}

/** The key's budget cannot pay the operation: RATE_LIMITED, with the decision for rate-limit headers. */
export class BudgetSpent extends GraphQLError {
  readonly retryAfter: number;

  constructor(
    readonly decision: BudgetDecision,
    readonly cost: number,
  ) {
    const retryAfter = decision.retryAfterSeconds ?? 1;
    super(
      `This API key has spent its budget of ${decision.limit} cost points per minute ` +
        `(this operation costs ${cost}); retry in ${retryAfter} s. Nothing was executed.`,
      { extensions: { code: 'RATE_LIMITED', retryAfter, cost } },
    );
    this.retryAfter = retryAfter;
  }
}
