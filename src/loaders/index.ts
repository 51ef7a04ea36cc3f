/**
 * Per-request loaders: the only way resolvers reach upstream data. A fresh set is made for every GraphQL
 * request over that request's client, so nothing fetched with one API key can be served to another.
 *
 * Made on first use, by family (plans, line items, resource matches, commitments: the loaders of a family
 * share state, such as the listing index that lets a list serve lookups by id): a query that reads one plan
 * builds the plan loaders only, and a request refused before execution builds none, nor its client.
 */
import type { ArcheraClient } from '../upstream';
import { createCommitmentLoaders, type CommitmentLoaders } from './commitments';
import type { LoaderMode } from './keyed-loader';
import { createLineItemLoaders, type LineItemLoaders } from './line-items';
import { createPlanLoaders, type PlanLoaders } from './plans';
import { createResourceMatchLoaders, type ResourceMatchLoaders } from './resource-matches';

export type Loaders = PlanLoaders & LineItemLoaders & ResourceMatchLoaders & CommitmentLoaders;

/**
 * ARCHERA_LOADERS=naive turns dedup and batching off (every resolver call is its own upstream call). It
 * exists only so bench/ can measure what the loaders save; never use it in production.
 */
const DEFAULT_MODE: LoaderMode = process.env.ARCHERA_LOADERS === 'naive' ? 'naive' : 'per-request';

type Family = (client: ArcheraClient, mode: LoaderMode) => object;
const FAMILIES: readonly Family[] = [
  createPlanLoaders,
  createLineItemLoaders,
  createResourceMatchLoaders,
  createCommitmentLoaders,
];

/** The loaders of one request; each family is built when one of its loaders is first read. */
class LazyLoaders {
  private readonly families: Array<Record<string, unknown> | undefined> = [
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  private client: ArcheraClient | undefined;

  constructor(
    private readonly clientOf: () => ArcheraClient,
    private readonly mode: LoaderMode,
  ) {}

  family(index: number): Record<string, unknown> {
    let built = this.families[index];
    if (built === undefined) {
      this.client ??= this.clientOf();
      built = this.families[index] = FAMILIES[index]!(this.client, this.mode) as Record<string, unknown>;
    }
    return built;
  }
}

// One getter per loader on the prototype, naming its family. The names come from building every family once
// over no client (building one calls nothing), so a loader added to a family needs nothing here.
FAMILIES.forEach((build, index) => {
  for (const name of Object.keys(build({} as ArcheraClient, 'per-request'))) {
    if (name in LazyLoaders.prototype) throw new Error(`Two loader families define loaders.${name}`);
    Object.defineProperty(LazyLoaders.prototype, name, {
      get(this: LazyLoaders) {
        return this.family(index)[name];
      },
      enumerable: true,
    });
  }
});

/**
 * The loaders of one request over `client` (or over the client `client()` makes, when the first loader is
 * used).
 */
export function createLoaders(
  client: ArcheraClient | (() => ArcheraClient),
  mode: LoaderMode = DEFAULT_MODE,
): Loaders {
  return new LazyLoaders(typeof client === 'function' ? client : () => client, mode) as unknown as Loaders;
}
