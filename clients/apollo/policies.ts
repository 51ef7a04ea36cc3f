/**
 * The hand-written pieces of the cache configuration that cache.generated.ts applies to the schema's types.
 */
import type { FieldPolicy, Reference, TypePolicy } from '@apollo/client/cache';

type KeyFieldsFunction = Extract<NonNullable<TypePolicy['keyFields']>, (...args: never[]) => unknown>;

/**
 * Identity of every type that has an `id`: `Type:id`, the form Apollo's default gives (so `cache.identify`,
 * `cache.extract()` keys and devtools read the same), stated per type rather than left to the default. An
 * object selected without its `id` stays inside its parent.
 */
export const byId: KeyFieldsFunction = (object, { typename }) =>
  typeof typename === 'string' && (typeof object.id === 'string' || typeof object.id === 'number')
    ? `${typename}:${object.id}`
    : undefined;

/**
 * A root field that returns the object whose `id` is its `id` argument (`Query.org(id:)`): a read finds that
 * object even when another query put it in the cache, and a write lands in it even when the query did not select
 * `id` (the shipped examples don't: `org(id: $orgId) { commitmentSummary … }`), so every query of an org
 * shares one `Org:<id>`.
 */
export function rootLookupById(typename: string): FieldPolicy<Reference> {
  return {
    keyArgs: ['id'],
    read(existing, { args, toReference }) {
      if (existing !== undefined || typeof args?.id !== 'string') return existing;
      return toReference({ __typename: typename, id: args.id });
    },
    merge(_existing, incoming, { args, toReference, mergeObjects }) {
      const ref =
        typeof args?.id === 'string' ? toReference({ __typename: typename, id: args.id }, true) : undefined;
      return ref ? mergeObjects(ref, incoming) : incoming;
    },
  };
}
