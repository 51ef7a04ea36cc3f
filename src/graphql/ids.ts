/**
 * Global ids: opaque to clients, but they carry what the upstream needs to fetch the object again
 * (e.g. the org and the plan), so `node(id:)` needs no other context.
 * Form: base64url("<Type>:<part>:<part>..."). Parts are UUIDs, which never contain ':'.
 */
import { badUserInput } from './errors';

export type NodeType = 'CommitmentPlan' | 'LineItem';

const NODE_TYPES: ReadonlySet<string> = new Set<NodeType>(['CommitmentPlan', 'LineItem']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DecodedId {
  type: NodeType;
  parts: string[];
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeGlobalId(type: NodeType, parts: readonly string[]): string {
  return Buffer.from([type, ...parts].join(':'), 'utf8').toString('base64url');
}

/** Decodes a global id, or returns null when `id` is not one of ours. */
export function decodeGlobalId(id: string): DecodedId | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const [type, ...parts] = Buffer.from(id, 'base64url').toString('utf8').split(':');
  if (!type || !NODE_TYPES.has(type) || parts.length === 0 || !parts.every(isUuid)) return null;
  return { type: type as NodeType, parts };
}

export const planGlobalId = (orgId: string, planId: string): string =>
  encodeGlobalId('CommitmentPlan', [orgId, planId]);

export const lineItemGlobalId = (orgId: string, planId: string, lineItemId: string): string =>
  encodeGlobalId('LineItem', [orgId, planId, lineItemId]);

/** Validates an org id argument locally, so a malformed one never reaches the upstream. */
export function parseOrgId(orgId: string): string {
  if (!isUuid(orgId)) throw badUserInput(`Org id must be a UUID (got ${JSON.stringify(orgId.slice(0, 64))}).`, 'id');
  return orgId.toLowerCase();
}

/**
 * A plan id argument may be Archera's UUID or our global id. A global id of another org is refused:
 * it would silently read a different org than the one the query scoped.
 */
export function parsePlanId(orgId: string, id: string, argument = 'id'): string {
  if (isUuid(id)) return id.toLowerCase();
  const decoded = decodeGlobalId(id);
  if (decoded?.type === 'CommitmentPlan' && decoded.parts.length === 2) {
    const [planOrg, planId] = decoded.parts as [string, string];
    if (planOrg.toLowerCase() !== orgId.toLowerCase()) {
      throw badUserInput(`Plan id ${id} belongs to another org than ${orgId}.`, argument);
    }
    return planId.toLowerCase();
  }
  throw badUserInput(`Plan id must be a plan's global id or its Archera UUID.`, argument);
}
