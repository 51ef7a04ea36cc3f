/**
 * Fault injection: which rule (if any) hits a request, and how a response body is damaged. Each rule
 * counts the requests to its endpoint: the first `skip` pass, then it applies `times` times. Delays add
 * up; of the other kinds, the first armed rule wins.
 */
import { type EndpointName, UPSTREAM_ENDPOINTS } from '../upstream/endpoints';
import type { FaultKind, FaultRule } from './types';

const KINDS: readonly FaultKind[] = [
  'status',
  'delay',
  'reset',
  'reset-after-commit',
  'non-json',
  'truncated',
  'drop-required-field',
];
const ENDPOINTS = new Set<string>(UPSTREAM_ENDPOINTS.map((e) => e.name));
const KEYS = new Set(['endpoint', 'kind', 'status', 'retryAfter', 'delayMs', 'times', 'skip']);

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Checks rules given as JSON (env var, admin endpoint); throws one clear message on the first problem. */
export function validateFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) throw new Error('faults must be a JSON array of fault rules');
  return input.map((raw: unknown, i): FaultRule => {
    const where = `fault rule ${i}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new Error(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) if (!KEYS.has(key)) throw new Error(`${where}: unknown field '${key}'`);
    if (typeof r.kind !== 'string' || !(KINDS as readonly string[]).includes(r.kind)) {
      throw new Error(`${where}: kind must be one of ${KINDS.join(', ')}`);
    }
    if (
      r.endpoint !== undefined &&
      r.endpoint !== '*' &&
      !(typeof r.endpoint === 'string' && ENDPOINTS.has(r.endpoint))
    ) {
      throw new Error(`${where}: endpoint must be '*' or one of ${[...ENDPOINTS].join(', ')}`);
    }
    if (
      r.kind === 'status' &&
      !(Number.isInteger(r.status) && (r.status as number) >= 100 && (r.status as number) <= 599)
    ) {
      throw new Error(`${where}: 'status' faults need an HTTP status (100-599)`);
    }
    if (r.status !== undefined && r.kind !== 'status')
      throw new Error(`${where}: status is only for 'status' faults`);
    if (r.retryAfter !== undefined && typeof r.retryAfter !== 'string')
      throw new Error(`${where}: retryAfter must be a string`);
    if (
      r.kind === 'delay' &&
      !(typeof r.delayMs === 'number' && Number.isFinite(r.delayMs) && r.delayMs >= 0)
    ) {
      throw new Error(`${where}: 'delay' faults need delayMs >= 0`);
    }
    if (r.times !== undefined && !isCount(r.times))
      throw new Error(`${where}: times must be an integer >= 0`);
    if (r.skip !== undefined && !isCount(r.skip)) throw new Error(`${where}: skip must be an integer >= 0`);
    return r as unknown as FaultRule;
  });
}

interface ArmedRule {
  rule: FaultRule;
  seen: number;
  applied: number;
}

export interface FaultDecision {
  delayMs: number;
  fault: FaultRule | undefined;
}

export class FaultEngine {
  private rules: ArmedRule[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces the rules; counters start again. */
  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule: { ...rule }, seen: 0, applied: 0 }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  decide(endpoint: EndpointName): FaultDecision {
    let delayMs = 0;
    let fault: FaultRule | undefined;
    for (const armed of this.rules) {
      const { rule } = armed;
      if ((rule.endpoint ?? '*') !== '*' && rule.endpoint !== endpoint) continue;
      armed.seen++;
      if (armed.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && armed.applied >= rule.times) continue;
      if (rule.kind === 'delay') {
        delayMs += rule.delayMs ?? 0;
        armed.applied++;
      } else if (!fault) {
        fault = rule;
        armed.applied++;
      }
    }
    return { delayMs, fault };
  }
}

/**
 * The field 'drop-required-field' removes, per endpoint: a field the spec requires (summary and metrics
 * declare none, so the one clients rely on most; daily coverage: the period's coverage). Arrays lose it in
 * every element; arrays of scalars get nulls instead.
 */
const DROPPED_FIELD: Record<EndpointName, string | null> = {
  getPlan: 'id',
  applyPlan: 'id',
  getDefaultPlans: 'id',
  getRecommendedPlan: 'id',
  listLineItems: 'id',
  listResourceMatches: 'id',
  getPartnerDefaultPlans: 'id',
  purchasePartnerPlan: 'purchase_id',
  listCommitments: 'id',
  listCommitmentAttributes: 'field',
  listCommitmentAttributeValues: null,
  getCommitmentSummary: 'total_active_commitments',
  getCommitmentComparison: 'current_totals',
  getCommitmentMetrics: 'totals',
  getCommitmentDetails: 'id',
  getDailyCoverage: 'coverage',
};

export function droppedField(endpoint: EndpointName): string | null {
  return DROPPED_FIELD[endpoint];
}

/** Returns a damaged copy of a JSON body. */
export function dropRequiredField(endpoint: EndpointName, body: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(body));
  const field = DROPPED_FIELD[endpoint];
  const strip = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (field) delete (value as Record<string, unknown>)[field];
      return value;
    }
    return null;
  };
  return Array.isArray(copy) ? copy.map(strip) : strip(copy);
}

/** First half of a JSON text: the response is complete at the HTTP level but not valid JSON. */
export function truncate(payload: string): string {
  return payload.slice(0, Math.floor(payload.length / 2));
}
