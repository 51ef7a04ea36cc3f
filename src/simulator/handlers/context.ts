/** What every endpoint handler gets and returns. Org access has been checked before a handler runs. */
import type { OrgData } from '../data/dataset';
import type { Params } from '../http/params';
import type { SimulatorState } from '../state';

export interface HandlerContext {
  org: OrgData;
  params: Params;
  state: SimulatorState;
  /** Parsed JSON request body; undefined when there was none. */
  body: unknown;
  /** The request had a body that is not valid JSON. */
  bodyInvalid: boolean;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

/** Query enums shared by several endpoints. */
export const V1_PROVIDERS = ['aws', 'azure', 'gcp', 'kubernetes', 'unknown'] as const;
export const BETA_PROVIDERS = ['aws', 'azure', 'gcp'] as const;
export const PAYMENT_OPTIONS = ['no_upfront', 'partial_upfront', 'all_upfront'] as const;
