/**
 * Control endpoints under /__simulator/ for out-of-process users (benchmarks, fault suites). They need no
 * API key and never appear in the call log.
 */
import { commitmentPlanStatusValues } from '../generated/upstream/v1';
import { validateFaultRules } from './faults';
import type { PlanStatePatch } from './state';
import { apiErrorBody } from './http/errors';
import type { FaultRule, SimulatorCall } from './types';

export const ADMIN_PREFIX = '/__simulator';

export interface AdminControls {
  calls(): SimulatorCall[];
  resetCalls(): void;
  faults(): FaultRule[];
  setFaults(rules: FaultRule[]): void;
  setLatency(ms: number): void;
  drift(): boolean;
  setDrift(enabled: boolean): void;
  resetState(): void;
  /** Throws for a plan id no org of the simulator has. */
  updatePlan(planId: string, patch: PlanStatePatch): unknown;
  completePurchases(): number;
}

/** Body of PUT /__simulator/plans/{plan_id}: {"isCalculating"?: boolean, "status"?: a plan status}. */
function planPatch(body: unknown): PlanStatePatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('a plan patch is an object: {"isCalculating": false} and/or {"status": "completed"}');
  }
  const patch: PlanStatePatch = {};
  for (const [key, value] of Object.entries(body)) {
    const status = key === 'status' ? commitmentPlanStatusValues.find((s) => s === value) : undefined;
    if (key === 'isCalculating' && typeof value === 'boolean') patch.isCalculating = value;
    else if (status !== undefined) patch.status = status;
    else
      throw new Error(
        `plan patch: ${key} must be isCalculating (boolean) or status (${commitmentPlanStatusValues.join(', ')})`,
      );
  }
  return patch;
}

export interface AdminResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Route = Partial<Record<string, (body: unknown) => AdminResult>>;

export function validateLatency(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new Error('latency must be a number of milliseconds >= 0');
  return value;
}

/** Body of PUT /__simulator/drift: {"enabled": true|false}. */
function driftBody(body: unknown): boolean {
  if (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 1 &&
    'enabled' in body &&
    typeof body.enabled === 'boolean'
  )
    return body.enabled;
  throw new Error('drift must be {"enabled": true} or {"enabled": false}');
}

export function handleAdmin(
  controls: AdminControls,
  method: string,
  path: string,
  bodyText: string,
): AdminResult {
  const routes: Record<string, Route> = {
    '/calls': {
      GET: () => ({ status: 200, body: controls.calls() }),
      DELETE: () => (controls.resetCalls(), { status: 204 }),
    },
    '/faults': {
      GET: () => ({ status: 200, body: controls.faults() }),
      PUT: (body) => (controls.setFaults(validateFaultRules(body)), { status: 204 }),
      DELETE: () => (controls.setFaults([]), { status: 204 }),
    },
    '/latency': {
      PUT: (body) => {
        const ms =
          typeof body === 'object' && body !== null ? (body as Record<string, unknown>).ms : undefined;
        controls.setLatency(validateLatency(ms));
        return { status: 204 };
      },
    },
    '/drift': {
      GET: () => ({ status: 200, body: { enabled: controls.drift() } }),
      PUT: (body) => (controls.setDrift(driftBody(body)), { status: 204 }),
      DELETE: () => (controls.setDrift(false), { status: 204 }),
    },
    '/reset': { POST: () => (controls.resetState(), { status: 204 }) },
    '/purchases/complete': {
      POST: () => ({ status: 200, body: { completed: controls.completePurchases() } }),
    },
  };
  const sub = path.slice(ADMIN_PREFIX.length);
  const planId = /^\/plans\/([^/]+)$/.exec(sub)?.[1];
  if (planId !== undefined) {
    routes[sub] = {
      PUT: (body) => ({
        status: 200,
        body: controls.updatePlan(decodeURIComponent(planId), planPatch(body)),
      }),
    };
  }
  const route = routes[sub];
  if (!route) return { status: 404, body: apiErrorBody(404, 'Unknown simulator admin endpoint', path) };
  const handler = route[method];
  if (!handler) {
    return {
      status: 405,
      body: apiErrorBody(405, undefined, path),
      headers: { Allow: Object.keys(route).join(', ') },
    };
  }
  let body: unknown;
  try {
    body = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
  } catch {
    return { status: 400, body: apiErrorBody(400, 'Body is not valid JSON', path) };
  }
  try {
    return handler(body);
  } catch (error) {
    return {
      status: 400,
      body: apiErrorBody(400, error instanceof Error ? error.message : String(error), path),
    };
  }
}
