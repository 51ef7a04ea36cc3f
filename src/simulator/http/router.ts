/**
 * Maps a method and path to one of the 16 upstream endpoints. Literal segments win over parameters, so
 * /commitment-plans/default is never read as a plan id, nor /commitments/summary as a commitment id.
 * A path that exists under another method is a 405 (with Allow), anything else a 404.
 */
import { type EndpointName, UPSTREAM_ENDPOINTS, type UpstreamEndpoint } from '../../upstream/endpoints';

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  endpoint: UpstreamEndpoint;
  segments: Segment[];
}

const ROUTES: CompiledRoute[] = UPSTREAM_ENDPOINTS.map((endpoint) => ({
  endpoint,
  segments: endpoint.path
    .split('/')
    .slice(1)
    .map((s): Segment => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s })),
}));

export type RouteResult =
  | { kind: 'match'; endpoint: UpstreamEndpoint; params: Record<string, string> }
  | { kind: 'method-not-allowed'; endpoint: UpstreamEndpoint; allow: string[] }
  | { kind: 'not-found' };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Number of literal segments matched, or -1 when the path does not fit the route. */
function score(route: CompiledRoute, parts: readonly string[], params: Record<string, string>): number {
  if (route.segments.length !== parts.length) return -1;
  let literals = 0;
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i];
    const part = parts[i] ?? '';
    if (!seg) return -1;
    if ('literal' in seg) {
      if (seg.literal !== part) return -1;
      literals++;
    } else {
      if (part === '') return -1;
      params[seg.param] = decode(part);
    }
  }
  return literals;
}

export function route(method: string, pathname: string): RouteResult {
  const parts = pathname.split('/').slice(1);
  let best: { route: CompiledRoute; params: Record<string, string>; score: number } | undefined;
  let bestAnyMethod: { route: CompiledRoute; score: number } | undefined;
  const allow = new Set<string>();
  for (const r of ROUTES) {
    const params: Record<string, string> = {};
    const s = score(r, parts, params);
    if (s < 0) continue;
    allow.add(r.endpoint.method);
    if (!bestAnyMethod || s > bestAnyMethod.score) bestAnyMethod = { route: r, score: s };
    if (r.endpoint.method === method && (!best || s > best.score)) best = { route: r, params, score: s };
  }
  if (best) return { kind: 'match', endpoint: best.route.endpoint, params: best.params };
  if (bestAnyMethod)
    return { kind: 'method-not-allowed', endpoint: bestAnyMethod.route.endpoint, allow: [...allow].sort() };
  return { kind: 'not-found' };
}

export function endpointNames(): EndpointName[] {
  return UPSTREAM_ENDPOINTS.map((e) => e.name);
}
