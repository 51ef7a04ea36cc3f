import type { GraphQLFieldResolver } from 'graphql';
import { snakeCase } from '../upstream/values';

/**
 * Default field resolver. Field names are the camelCase of the upstream's snake_case fields (`savings_hourly` -> `savingsHourly`),
 * so an upstream object resolves its fields without a resolver per field: `savingsHourly` reads
 * `savings_hourly`. A property named exactly like the field (e.g. our own models) wins.
 */
export const snakeCaseFieldResolver: GraphQLFieldResolver<unknown, unknown> = (
  source,
  args,
  context,
  info,
) => {
  if (source === null || typeof source !== 'object') return undefined;
  const record = source as Record<string, unknown>;
  const value = info.fieldName in record ? record[info.fieldName] : record[snakeCase(info.fieldName)];
  return typeof value === 'function'
    ? (value as (...a: unknown[]) => unknown).call(source, args, context, info)
    : value;
};
