/**
 * Static limits on an operation's shape, checked while it is validated (before anything runs): depth,
 * aliases and directives by graphql-armor, tokens by Apollo's parser (armor's token limit answers HTTP 500),
 * expanded selections by Apollo's recursive-selections rule. Every refusal carries QUERY_TOO_COMPLEX, which
 * formatError restores over Apollo's GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED: Apollo Server 5 rewrites every validation error's code, so armor's own never reach clients.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { SecurityLimits } from '../../config/limits';

export type ComplexityLimit = 'depth' | 'aliases' | 'directives' | 'tokens' | 'selections' | 'cost';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export function tooComplex(
  message: string,
  limit: ComplexityLimit,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, limit, ...extra } });
}

function reject(limit: ComplexityLimit): (ctx: ValidationContext | null, err: GraphQLError) => void {
  return (ctx, err) => {
    ctx?.reportError(tooComplex(err.message.replace(/^Syntax Error: /, ''), limit));
  };
}

export interface ArmorOptions {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  maxRecursiveSelections: number;
}

export function armorOptions(limits: SecurityLimits): ArmorOptions {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // Fragments and inline fragments are not levels of the response; Sandbox's introspection query is
      // deeper than any data query and harmless (and off in production).
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [reject('depth')],
    },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reject('aliases')] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [reject('directives')] },
    // Apollo's parser limit instead (parseOptions below); armor's answers HTTP 500.
    maxTokens: { enabled: false },
    // Our cost model (cost.ts) counts upstream calls; armor's counts fields.
    costLimit: { enabled: false },
    // formatError hides suggestions when introspection is off.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: limits.maxSelections,
  };
}
