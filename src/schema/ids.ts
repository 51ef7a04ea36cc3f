/**
 * Global ids: opaque to clients, but they carry what the upstream needs to fetch the object again
 * (e.g. the org and the plan), so `node(id:)` needs no other context.
 * Form: base64url("<Type>:<part>:<part>..."). Parts never contain ':' (UUIDs, safe ids, dates, and
 * client-chosen keys base64url-encoded).
 */
import { badUserInput } from './errors';

export type NodeType = 'CommitmentPlan' | 'LineItem' | 'Commitment' | 'PartnerPlan' | 'CommitmentPurchase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Partner plan ids are not necessarily UUIDs (the docs show "plan_abc123"). */
const SAFE_ID = /^[A-Za-z0-9_.-]{1,128}$/;
/** An idempotency key (printable ASCII, up to 255 characters), base64url-encoded inside an id. */
const KEY = /^[A-Za-z0-9_-]{1,340}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What each part of a global id must look like, per type. */
const PARTS: Record<NodeType, readonly RegExp[]> = {
  CommitmentPlan: [UUID, UUID], // org, plan
  LineItem: [UUID, UUID, UUID], // org, plan, line item
  Commitment: [UUID, UUID], // org, commitment
  PartnerPlan: [UUID, SAFE_ID], // child org, plan
  CommitmentPurchase: [UUID, KEY], // child org, idempotency key
};

export interface DecodedId {
  type: NodeType;
  parts: string[];
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeGlobalId(type: NodeType | 'ResourceMatch', parts: readonly string[]): string {
  return Buffer.from([type, ...parts].join(':'), 'utf8').toString('base64url');
}

/** Decodes a global id, or returns null when `id` is not one of ours. */
export function decodeGlobalId(id: string): DecodedId | null {
  // A bare UUID (the common id argument) is never one: the shortest global id encodes 50 bytes.
  if (id.length === 36 && UUID.test(id)) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const [type, ...parts] = Buffer.from(id, 'base64url').toString('utf8').split(':');
  const shape = type !== undefined && Object.hasOwn(PARTS, type) ? PARTS[type as NodeType] : undefined;
  if (!shape || parts.length !== shape.length || !parts.every((p, i) => shape[i]!.test(p))) return null;
  return { type: type as NodeType, parts };
}

/** The parts of a global id that must be of `type` (entity references, typed lookups). */
export function partsOf(type: NodeType, id: string): string[] {
  const decoded = decodeGlobalId(id);
  if (decoded?.type !== type) throw badUserInput(`Not a ${type} global id.`, 'id');
  return decoded.parts;
}

export const planGlobalId = (orgId: string, planId: string): string =>
  encodeGlobalId('CommitmentPlan', [orgId, planId]);

export const lineItemGlobalId = (orgId: string, planId: string, lineItemId: string): string =>
  encodeGlobalId('LineItem', [orgId, planId, lineItemId]);

export const commitmentGlobalId = (orgId: string, commitmentId: string): string =>
  encodeGlobalId('Commitment', [orgId, commitmentId]);

export const partnerPlanGlobalId = (orgId: string, planId: string): string =>
  encodeGlobalId('PartnerPlan', [orgId, planId]);

/** Validates an org id argument locally, so a malformed one never reaches the upstream. */
export function parseOrgId(orgId: string): string {
  if (!isUuid(orgId))
    throw badUserInput(`Org id must be a UUID (got ${JSON.stringify(orgId.slice(0, 64))}).`, 'id');
  return orgId.toLowerCase();
}

/**
 * An id argument may be Archera's own id or our global id of the expected type. A global id of another
 * org is refused: it would silently read a different org than the one the query scoped.
 */
function parseScopedId(type: NodeType, orgId: string, id: string, argument: string, accepts: RegExp): string {
  if (accepts.test(id) && decodeGlobalId(id) === null) return accepts === UUID ? id.toLowerCase() : id;
  const decoded = decodeGlobalId(id);
  if (decoded?.type === type) {
    const [idOrg, own] = decoded.parts as [string, string];
    if (idOrg.toLowerCase() !== orgId.toLowerCase()) {
      throw badUserInput(`\`${argument}\` ${id} belongs to another org than ${orgId}.`, argument);
    }
    return accepts === UUID ? own.toLowerCase() : own;
  }
  throw badUserInput(`\`${argument}\` must be a ${type} global id or its Archera id.`, argument);
}

export const parsePlanId = (orgId: string, id: string, argument = 'id'): string =>
  parseScopedId('CommitmentPlan', orgId, id, argument, UUID);

export const parseCommitmentId = (orgId: string, id: string, argument = 'id'): string =>
  parseScopedId('Commitment', orgId, id, argument, UUID);

export const parsePartnerPlanId = (orgId: string, id: string, argument = 'planId'): string =>
  parseScopedId('PartnerPlan', orgId, id, argument, SAFE_ID);

/** Line item ids in filters: UUIDs or LineItem global ids of the same org. */
export function parseLineItemId(orgId: string, id: string, argument = 'lineItemIds'): string {
  if (isUuid(id)) return id.toLowerCase();
  const decoded = decodeGlobalId(id);
  if (decoded?.type === 'LineItem' && decoded.parts[0]!.toLowerCase() === orgId.toLowerCase())
    return decoded.parts[2]!.toLowerCase();
  throw badUserInput(
    `\`${argument}\` must hold line item UUIDs or LineItem global ids of org ${orgId}.`,
    argument,
  );
}

/** A UUID argument (e.g. a resource match id filter). */
export function parseUuid(id: string, argument: string): string {
  if (!isUuid(id)) throw badUserInput(`\`${argument}\` must hold UUIDs.`, argument);
  return id.toLowerCase();
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** A purchase is named by its child org and the idempotency key that made it (one key, one purchase). */
export const purchaseGlobalId = (orgId: string, idempotencyKey: string): string =>
  encodeGlobalId('CommitmentPurchase', [orgId, base64url(idempotencyKey)]);

/** The child org and idempotency key of a CommitmentPurchase global id. */
export function purchaseOf(parts: readonly string[]): { orgId: string; idempotencyKey: string } {
  return { orgId: parts[0]!, idempotencyKey: Buffer.from(parts[1]!, 'base64url').toString('utf8') };
}

/**
 * A resource match's id for one period: its numbers depend on the requested dates, so the id carries the
 * plan, the match and the period (not a Node: the upstream cannot fetch one match by id).
 */
export function resourceMatchGlobalId(
  orgId: string,
  planId: string,
  matchId: string,
  periodStart: string,
  periodEnd: string,
): string {
  const period = DATE.test(periodStart) && DATE.test(periodEnd) ? [periodStart, periodEnd] : [];
  return encodeGlobalId('ResourceMatch', [orgId, planId, matchId, ...period]);
}
