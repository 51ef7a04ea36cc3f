/**
 * The critical path of a query, measured rather than assumed: the upstream calls one gateway run made,
 * grouped into dependency levels by arrival time (a level starts when the previous one could have been
 * answered), replayed directly against the simulator level after level, each level in parallel. This is
 * what the best hand-written REST client could do for the same data.
 */
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { SimulatorCall } from '../src/simulator';

export type Level = SimulatorCall[];

/** Groups calls into levels: a call arriving later than `gapMs` after its level began starts a new one. */
export function levelsOf(calls: readonly SimulatorCall[], gapMs: number): Level[] {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const levels: Level[] = [];
  for (const call of sorted) {
    const current = levels[levels.length - 1];
    if (current && call.at - current[0]!.at < gapMs) current.push(call);
    else levels.push([call]);
  }
  return levels;
}

function urlOf(base: string, call: SimulatorCall): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  const search = params.toString();
  return `${base}${call.path}${search ? `?${search}` : ''}`;
}

/** Wall time of the levels replayed directly, one after another, each level's calls in parallel. */
export async function replayLevels(
  base: string,
  levels: readonly Level[],
  dispatcher: Dispatcher,
  apiKey: string,
): Promise<number> {
  const start = performance.now();
  for (const level of levels) {
    await Promise.all(
      level.map(async (call) => {
        const res = await request(urlOf(base, call), {
          method: 'GET',
          headers: { 'x-api-key': apiKey },
          dispatcher,
        });
        await res.body.arrayBuffer();
      }),
    );
  }
  return performance.now() - start;
}
