/**
 * Federation's `_entities` resolves each representation the router sends. @apollo/subgraph throws for the
 * whole list on one it cannot read (not an object, no `__typename`, a type that is not an entity), which
 * nulls the response. Here such a representation fails alone, with BAD_USER_INPUT at its own index; the
 * others, and every other root field, still resolve. (A bad id is refused by the type's reference
 * resolver, also per entry.)
 */
import { isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { badUserInput } from '../schema/errors';

function problemOf(representation: unknown, entityTypes: ReadonlySet<string>): string | undefined {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    return 'An entity representation must be an object with __typename and the key fields.';
  }
  const typename = (representation as { __typename?: unknown }).__typename;
  if (typeof typename !== 'string') return 'An entity representation needs a __typename.';
  if (!entityTypes.has(typename)) {
    return `${JSON.stringify(typename.slice(0, 64))} is not an entity type of this subgraph (${[...entityTypes].join(', ')}).`;
  }
  return undefined;
}

export function guardEntityRepresentations(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType('_Entity');
  if (!field?.resolve || !union || !isUnionType(union)) return;
  const entityTypes: ReadonlySet<string> = new Set(union.getTypes().map((t) => t.name));
  const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown>;
  field.resolve = (source, args: Record<string, unknown>, context, info) => {
    const representations = Array.isArray(args.representations) ? (args.representations as unknown[]) : [];
    const results: unknown[] = new Array(representations.length);
    const validAt: number[] = [];
    for (const [i, representation] of representations.entries()) {
      const problem = problemOf(representation, entityTypes);
      // graphql-js reports an Error in a list as that item's error: null there, the rest resolves.
      if (problem) results[i] = badUserInput(problem, 'representations');
      else validAt.push(i);
    }
    if (validAt.length === 0) return results;
    const valid = validAt.map((i) => representations[i]);
    const resolved = resolve(source, { ...args, representations: valid }, context, info) as unknown[];
    validAt.forEach((at, k) => (results[at] = resolved[k]));
    return results;
  };
}
