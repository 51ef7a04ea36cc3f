/** Input checks of the money-moving mutations: a bad input is a userError, and nothing is sent. */
import { GraphQLError } from 'graphql';
import { parseOrgId, parsePartnerPlanId, parsePlanId } from '../schema/ids';
import type { UserErrorModel } from './payloads';

/** Printable ASCII, so the key is also a valid Idempotency-Key header. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export class InputError extends Error {
  constructor(readonly userError: UserErrorModel) {
    super(userError.message);
  }
}

function field<T>(path: string[], parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof GraphQLError)
      throw new InputError({ field: path, message: err.message, code: 'BAD_USER_INPUT' });
    throw err;
  }
}

export function checkIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new InputError({
      field: ['input', 'idempotencyKey'],
      message: 'idempotencyKey must be 1 to 255 printable ASCII characters without spaces.',
      code: 'BAD_USER_INPUT',
    });
  }
  return key;
}

export function applyTarget(input: { orgId: string; planId: string }): { orgId: string; planId: string } {
  const orgId = field(['input', 'orgId'], () => parseOrgId(input.orgId));
  return { orgId, planId: field(['input', 'planId'], () => parsePlanId(orgId, input.planId, 'planId')) };
}

export function purchaseTarget(input: { orgId: string; planId: string }): { orgId: string; planId: string } {
  const orgId = field(['input', 'orgId'], () => parseOrgId(input.orgId));
  return { orgId, planId: field(['input', 'planId'], () => parsePartnerPlanId(orgId, input.planId)) };
}
