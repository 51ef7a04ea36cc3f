/**
 * The gateway's abuse limits and request hygiene, assembled for the Apollo server: operation shape limits (armor,
 * tokens, expanded selections), the cost ceiling and the per-key budget (checked by the request plugin), and hidden schema hints
 * when introspection is off. See docs/limits.md.
 */
import type { ParseOptions, ValidationRule } from 'graphql';
import { armorOptions } from './armor';
import { CostBudget } from './budget';
import type { SecurityLimits } from '../../config/limits';

export { DEFAULT_LIMITS, loadSecurityLimits, type SecurityLimits } from '../../config/limits';
export { operationCost, FIELD_COSTS } from './cost';
export { CostBudget } from './budget';

export interface SecurityOptions {
  limits: SecurityLimits;
  /** Introspection on: schema hints ("Did you mean …?") may be shown too. */
  introspection: boolean;
}

export interface Security {
  limits: SecurityLimits;
  /** Spread into ApolloServer's options. */
  apollo: {
    validationRules: ValidationRule[];
    parseOptions: ParseOptions;
    maxRecursiveSelections: number;
    hideSchemaDetailsFromClientErrors: boolean;
  };
  /** The per-key budget (undefined when off). */
  budget: CostBudget | undefined;
}

export function createSecurity(options: SecurityOptions): Security {
  const { limits } = options;
  const armor = armorOptions(limits);
  const budget = limits.costBudgetPerMinute > 0 ? new CostBudget(limits.costBudgetPerMinute) : undefined;
  return {
    limits,
    apollo: {
      validationRules: armor.validationRules,
      parseOptions: armor.parseOptions,
      maxRecursiveSelections: armor.maxRecursiveSelections,
      hideSchemaDetailsFromClientErrors: !options.introspection,
    },
    budget,
  };
}
