/**
 * Limits on what one GraphQL operation may ask, and on what one API key may spend. Each static limit sits
 * just above what the deepest and widest legitimate query of our schema needs (measured from the schema by
 * test/hardening/limits.test.ts; the numbers are in docs/limits.md). Refused operations get
 * QUERY_TOO_COMPLEX before anything executes.
 */

/** Largest `first`/`last` of a connection: a window of five upstream pages. */
export const MAX_PAGE_WINDOW = 500;
/** Window when neither `first` nor `last` is given (the upstream's own default page size). */
export const DEFAULT_PAGE_WINDOW = 20;

export interface SecurityLimits {
  /** Field nesting (fragments flattened). Deepest legitimate path: 12 (a mutation's payload: 14). */
  maxDepth: number;
  /** Aliased fields in an operation (fragments counted where spread). Widest legitimate query: 27. */
  maxAliases: number;
  /** Directives in an operation (fragments counted where spread). Widest legitimate query: 31. */
  maxDirectives: number;
  /** Lexical tokens of the document (Apollo's parser limit). Widest legitimate query: 1520. */
  maxTokens: number;
  /** Selections once fragments are expanded (Apollo's recursive-selections rule). Widest: 7203. */
  maxSelections: number;
  /** Largest `first`/`last`; larger is refused before execution. */
  maxPageWindow: number;
  /** Ceiling on an operation's cost: the upstream calls it can cause (GRAPHQL_MAX_COST). */
  maxCost: number;
  /** Cost points one API key may spend per minute (GRAPHQL_COST_BUDGET_PER_MINUTE); 0 turns it off. */
  costBudgetPerMinute: number;
}

export const DEFAULT_LIMITS: Readonly<SecurityLimits> = Object.freeze({
  maxDepth: 15,
  maxAliases: 30,
  maxDirectives: 34,
  maxTokens: 1700,
  maxSelections: 7800,
  maxPageWindow: MAX_PAGE_WINDOW,
  maxCost: 1000,
  costBudgetPerMinute: 10_000,
});

/** Reads an integer env var in [min, max] (config.ts's reader, so errors look like every other one). */
export type IntegerReader = (name: string, fallback: number, min: number, max: number) => number;

/** The configurable limits from the environment; the others are fixed by the schema. */
export function loadSecurityLimits(integer: IntegerReader, fail: (message: string) => never): SecurityLimits {
  const maxCost = integer('GRAPHQL_MAX_COST', DEFAULT_LIMITS.maxCost, 1, 1_000_000);
  const costBudgetPerMinute = integer(
    'GRAPHQL_COST_BUDGET_PER_MINUTE',
    Math.max(DEFAULT_LIMITS.costBudgetPerMinute, maxCost),
    0,
    100_000_000,
  );
  // Below the ceiling, a query the ceiling admits could never be afforded.
  if (costBudgetPerMinute !== 0 && costBudgetPerMinute < maxCost) {
    fail(
      `GRAPHQL_COST_BUDGET_PER_MINUTE must be 0 (off) or at least GRAPHQL_MAX_COST (${maxCost}) (got ${costBudgetPerMinute})`,
    );
  }
  return { ...DEFAULT_LIMITS, maxCost, costBudgetPerMinute };
}
