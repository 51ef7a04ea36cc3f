/** Raw upstream calls for drift tests: status, text and headers exactly as the simulator sent them. */
import { buildQuery, fillPath, type QueryValue } from '../../src/upstream/http';
import type { StartedSimulator } from '../../src/simulator';
import { UPSTREAM_ENDPOINTS, type EndpointName } from '../../src/upstream/endpoints';

export interface RawAnswer {
  status: number;
  text: string;
  headers: Headers;
}

export interface RawRequest {
  path: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  key?: string;
}

export async function raw(
  sim: StartedSimulator,
  endpoint: EndpointName,
  req: RawRequest,
): Promise<RawAnswer> {
  const def = UPSTREAM_ENDPOINTS.find((e) => e.name === endpoint)!;
  const filled = fillPath(def.path, req.path);
  if ('missing' in filled) throw new Error(`${endpoint}: path parameter ${filled.missing} missing`);
  const res = await fetch(`${sim.url}${filled.path}${buildQuery(req.query)}`, {
    method: def.method,
    headers: {
      'x-api-key': req.key ?? 'demo',
      ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A fresh deep copy of a JSON value, to damage without touching the original. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary JSON
export type Json = any;
