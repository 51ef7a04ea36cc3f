/**
 * The tolerant reader of 2xx answers (README, "The upstream as it really answers"). An answer is kept
 * whenever it has the shape its endpoint declares and its objects carry their identity (endpoints.ts);
 * everything else in it is taken as it comes: a missing or unexpected value costs only its own field, in
 * the graph. Items of a list without their identity are dropped, never the list. A 2xx to a POST is always
 * a success, whatever its body: money has moved.
 */
import type { UpstreamEndpoint } from './endpoints';
import { parsePagination } from './http';
import type { PaginationMetadata } from './types';
import type { Headers } from './exchange';
import { isRecord } from './values';

export type ReadAnswer =
  { ok: true; body: unknown; pagination?: PaginationMetadata; dropped: number } | { ok: false; why: string };

interface IdentityRule {
  /** Property holding the list whose items need the field; '' for the body itself when it is a list. */
  list: string | undefined;
  field: string;
}

/** What reading an endpoint's answers needs, worked out once per endpoint. */
interface ReadingPlan {
  identity: IdentityRule[];
  /** [field, path parameter] pairs of `fromPath`. */
  fromPath: Array<[string, string]>;
  /** [field, query parameter] pairs of `fromQuery`. */
  fromQuery: Array<[string, string]>;
}

const plans = new WeakMap<UpstreamEndpoint, ReadingPlan>();

/** `id` -> the body's own field; `[].id` -> each item of the body; `data[].id` -> each item of body.data. */
function readingPlan(def: UpstreamEndpoint): ReadingPlan {
  let plan = plans.get(def);
  if (!plan) {
    plan = {
      identity: def.identity.map((path) => {
        const at = path.indexOf('[].');
        return at === -1
          ? { list: undefined, field: path }
          : { list: path.slice(0, at), field: path.slice(at + 3) };
      }),
      fromPath: Object.entries(def.fromPath ?? {}),
      fromQuery: Object.entries(def.fromQuery ?? {}),
    };
    plans.set(def, plan);
  }
  return plan;
}

function hasIdentity(item: unknown, field: string): boolean {
  if (!isRecord(item)) return false;
  const value = item[field];
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** Keeps the items that carry `field`; the same array when all do (the usual case: no copy). */
function keepIdentified(items: unknown[], field: string): { items: unknown[]; dropped: number } {
  let firstBad = -1;
  for (let i = 0; i < items.length; i++) {
    if (!hasIdentity(items[i], field)) {
      firstBad = i;
      break;
    }
  }
  if (firstBad === -1) return { items, dropped: 0 };
  const kept = items.filter((item) => hasIdentity(item, field));
  return { items: kept, dropped: items.length - kept.length };
}

/** Sets `field` on the body (or each item) to the request's parameter; ids are read in lower case. */
function fillFromRequest(
  target: unknown,
  fields: ReadonlyArray<[string, string]>,
  params: Readonly<Record<string, unknown>>,
): void {
  for (const [field, param] of fields) {
    const value = params[param];
    if (typeof value !== 'string') continue;
    const normalized = value.toLowerCase();
    if (!Array.isArray(target)) {
      if (isRecord(target)) target[field] = normalized;
      continue;
    }
    for (const object of target) if (isRecord(object)) object[field] = normalized;
  }
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a 2xx answer of `def`. `observe` sees the parsed body before anything is dropped (drift telemetry).
 * A POST's answer is never refused: what could not be read is null.
 */
export function readAnswer(
  def: UpstreamEndpoint,
  status: number,
  headers: Headers,
  raw: Buffer,
  request: { pathParams: Readonly<Record<string, string>>; query: Readonly<Record<string, unknown>> },
  observe?: (body: unknown, headers: Headers) => void,
): ReadAnswer {
  const lenient = def.method === 'POST';
  const refuse = (why: string): ReadAnswer =>
    lenient ? { ok: true, body: null, dropped: 0 } : { ok: false, why };
  if (status === 204 || raw.length === 0) {
    if (def.noContent) return { ok: true, body: null, dropped: 0 };
    observe?.(undefined, headers);
    return refuse('with no content where a body was expected');
  }
  const parsed = parseJson(raw);
  if (!parsed.ok) {
    observe?.(undefined, headers);
    return refuse('its body is not valid JSON');
  }
  let body = parsed.value;
  observe?.(body, headers);
  const wantsList = def.body !== 'object';
  if (wantsList !== Array.isArray(body) || (!wantsList && !isRecord(body))) {
    return refuse(`its body is not a JSON ${wantsList ? 'array' : 'object'}`);
  }
  let dropped = 0;
  if (def.body === 'values') {
    // A value list holds scalars: anything else in it is dropped, never the list.
    const values = body as unknown[];
    const kept = values.filter((v) => typeof v === 'string' || typeof v === 'boolean' || Number.isFinite(v));
    dropped += values.length - kept.length;
    body = kept;
  }
  const plan = readingPlan(def);
  for (const rule of plan.identity) {
    if (rule.list === '') {
      const kept = keepIdentified(body as unknown[], rule.field);
      body = kept.items;
      dropped += kept.dropped;
    } else if (rule.list !== undefined) {
      const record = body as Record<string, unknown>;
      const nested = record[rule.list];
      if (Array.isArray(nested)) {
        const kept = keepIdentified(nested, rule.field);
        if (kept.dropped > 0) record[rule.list] = kept.items;
        dropped += kept.dropped;
      }
    } else if (!hasIdentity(body, rule.field)) {
      return refuse(`its body lacks ${rule.field}, which identifies it`);
    }
  }
  fillFromRequest(body, plan.fromPath, request.pathParams);
  fillFromRequest(body, plan.fromQuery, request.query);
  if (def.body !== 'page') return { ok: true, body, dropped };
  const pagination = parsePagination(headers['x-pagination']);
  if (!pagination) return refuse('its X-Pagination header is missing or invalid');
  return { ok: true, body, pagination, dropped };
}
