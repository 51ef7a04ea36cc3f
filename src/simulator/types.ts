/** Public types of the simulator (re-exported by index.ts). */
import type { EndpointName } from '../upstream/endpoints';
import type { PlanStatePatch } from './state';

export type FaultKind =
  'status' | 'delay' | 'reset' | 'reset-after-commit' | 'non-json' | 'truncated' | 'drop-required-field';

export interface FaultRule {
  /** Which endpoint the rule applies to; default '*' (every upstream endpoint, not admin or unknown routes). */
  endpoint?: EndpointName | '*';
  kind: FaultKind;
  /** For 'status' (e.g. 503, 429, 500). */
  status?: number;
  /** Retry-After header value for 'status' (e.g. '1' or '120'). */
  retryAfter?: string;
  /** For 'delay': extra latency before answering (then answer normally). */
  delayMs?: number;
  /** Apply to this many matching requests then stop (default: forever). */
  times?: number;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
}

/** How a drift-mode answer deviates from the specs (see DRIFTS in drift.ts). */
export type DriftKind = 'unknown-enum-value' | 'enum-case' | 'missing-field' | 'extra-field' | 'body-shape';

/** One deviation of drift mode. */
export interface DriftSpec {
  endpoint: EndpointName;
  kind: DriftKind;
  /**
   * Where, in each object of the answer (each element of an array answer, else the body): dots for
   * nesting, `[]` for each element of an array (e.g. 'attribution.resources[].share'); '' for the body.
   */
  field: string;
  /**
   * The value sent: the unknown enum value, the changed-case value as for AWS, the extra field's value
   * (an example where it depends on the object) or the other body (an example); absent for missing fields.
   */
  value?: unknown;
  /** Which objects deviate (the choice depends on the object, so it is the same wherever it appears). */
  where: string;
  description: string;
}

export interface SimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  latencyMs?: number;
  faults?: FaultRule[];
  /** Successful answers deviate from the specs as listed in DRIFTS (default false). */
  drift?: boolean;
}

export interface SimulatorCall {
  endpoint: EndpointName | 'unknown';
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Status sent; 0 while in flight or when the connection was reset without an answer. */
  status: number;
  /** sha256 prefix of the x-api-key, never the key. */
  apiKeyFingerprint: string | null;
  idempotencyKey: string | null;
  /** x-request-id header. */
  requestId: string | null;
  /** Parsed JSON request body (raw text if not JSON), null without one. */
  body: unknown;
  /** Arrival time, epoch ms. */
  at: number;
}

export interface StartedSimulator {
  url: string;
  port: number;
  /** In arrival order. */
  calls(): SimulatorCall[];
  callsTo(endpoint: EndpointName): SimulatorCall[];
  resetCalls(): void;
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Drift mode on or off (see DRIFTS); takes effect with the next request. */
  setDrift(enabled: boolean): void;
  drift(): boolean;
  /** Undo applies, purchases and plan updates. */
  resetState(): void;
  /** A plan finishes (or restarts) calculating, or moves to a status (what a subscription waits on). */
  updatePlan(planId: string, patch: PlanStatePatch): void;
  /** Purchases in progress complete (their plans' status becomes completed); answers how many. */
  completePurchases(): number;
  close(): Promise<void>;
}
