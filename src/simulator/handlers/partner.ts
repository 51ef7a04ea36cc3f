/** v2 partner API: default plans of a child org, and purchasing one of them. */
import { HttpError } from '../http/errors';
import type { Handler } from './context';

export const getPartnerDefaultPlans: Handler = ({ org, state }) => ({
  status: 200,
  body: org.partnerPlans.map((p) => {
    const record = org.plansById.get(p.planId);
    const status = record ? state.status(record) : p.partnerPlan.status;
    return status === p.partnerPlan.status ? p.partnerPlan : { ...p.partnerPlan, status };
  }),
});

/** Body {plan_id: string, confirm: true}: validated like marshmallow (unknown fields rejected). */
export const purchasePartnerPlan: Handler = ({ org, params, state, body, bodyInvalid }) => {
  if (bodyInvalid || body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    params.fail('json', '_schema', bodyInvalid ? 'Invalid JSON body.' : 'Invalid input type.');
    params.done();
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key !== 'plan_id' && key !== 'confirm') params.fail('json', key, 'Unknown field.');
  }
  if (!('plan_id' in input)) params.fail('json', 'plan_id', 'Missing data for required field.');
  else if (typeof input.plan_id !== 'string' || input.plan_id === '')
    params.fail('json', 'plan_id', 'Not a valid string.');
  if (!('confirm' in input)) params.fail('json', 'confirm', 'Missing data for required field.');
  else if (typeof input.confirm !== 'boolean') params.fail('json', 'confirm', 'Not a valid boolean.');
  else if (!input.confirm) params.fail('json', 'confirm', 'Must be true to execute the purchase.');
  params.done();

  const planId = input.plan_id as string;
  const partner = org.partnerPlansById.get(planId);
  if (!partner) throw new HttpError(404, `Plan ${planId} not found for this organization`);
  return { status: 200, body: state.purchase(org, partner) };
};
