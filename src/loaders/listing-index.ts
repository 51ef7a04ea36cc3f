/**
 * Lets a by-id lookup be served by a list fetched in the same request. Lists (default plans, an inventory
 * page) record every item they return here; a by-id loader, before calling the upstream, waits for the
 * lists still in flight and takes what they returned. So `node(id:)` next to a list that holds the same
 * object costs no call of its own, even when both start in the same tick (where DataLoader priming comes
 * too late). The wait happens only when a list is actually in flight.
 */
import { stableKey } from './keyed-loader';

export class ListingIndex<K extends object, V> {
  private readonly seen = new Map<string, V>();
  private readonly inflight = new Set<Promise<unknown>>();

  /** Disabled, it indexes nothing and finds nothing (naive loaders, bench/). */
  constructor(private readonly enabled = true) {}

  /** Wraps a list fetch: its items are indexed when it resolves. */
  track<T>(fetch: Promise<T>, items: (result: T) => Iterable<[K, V]>): Promise<T> {
    if (!this.enabled) return fetch;
    const tracked = fetch.then((result) => {
      for (const [key, value] of items(result)) this.seen.set(stableKey(key), value);
      return result;
    });
    this.inflight.add(tracked);
    void tracked.then(
      () => this.inflight.delete(tracked),
      () => this.inflight.delete(tracked),
    );
    return tracked;
  }

  /** The item, once every list in flight now has settled; undefined when no list held it. */
  private async find(key: K): Promise<V | undefined> {
    if (!this.enabled) return undefined;
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    return this.seen.get(stableKey(key));
  }

  /**
   * The item from a list of this request, else `fetch()`. With no list in flight (the usual case) it
   * decides at once: no wait, and no key worked out when nothing was listed.
   */
  lookup(key: K, fetch: () => Promise<V>): Promise<V> {
    if (!this.enabled) return fetch();
    if (this.inflight.size === 0) {
      const listed = this.seen.size === 0 ? undefined : this.seen.get(stableKey(key));
      return listed === undefined ? fetch() : Promise.resolve(listed);
    }
    return this.find(key).then((listed) => listed ?? fetch());
  }
}
