/** Small HTTP helpers for simulator tests (global fetch over loopback). */
import { FIXTURES } from '../../src/simulator';

export const DEMO = FIXTURES.orgs.demo;
export const CHILD = FIXTURES.orgs.child;
export const OTHER = FIXTURES.orgs.other;

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface RequestOptions {
  method?: string;
  key?: string | null;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export function withQuery(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(name, v);
    else params.append(name, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export async function call<T = any>(
  base: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? 'demo' : options.key;
  if (key !== null) headers['x-api-key'] = key;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export function pagination(reply: Reply): Record<string, number> {
  const raw = reply.headers.get('x-pagination');
  if (!raw) throw new Error('no X-Pagination header');
  return JSON.parse(raw) as Record<string, number>;
}

/** Dollars to integer micro-dollars / cents, for exact comparisons of sums. */
export const micros = (x: number): number => Math.round(x * 1_000_000);
export const cents = (x: number): number => Math.round(x * 100);

export const plans = (org: string) => `/v1/org/${org}/commitment-plans`;
export const commitments = (org: string) => `/beta/v1/org/${org}/commitments`;
export const partner = (org: string) => `/v2/org/${org}/partners/plans`;
