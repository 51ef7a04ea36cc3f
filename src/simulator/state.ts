/**
 * What changes at run time: plan statuses after apply/purchase, and purchases made. Kept apart from the
 * immutable generated data so that resetState() is just clearing two maps.
 */
import type { CommitmentPlan, CommitmentPlanStatus, PurchaseResult } from '../upstream/types';
import type { OrgData } from './data/dataset';
import type { PartnerPlanRecord } from './data/partner';
import type { PlanRecord } from './data/plans';
import { Rng } from './data/prng';
import { HttpError } from './http/errors';

/** Statuses from which a plan can still be applied or purchased. */
const OPEN: ReadonlySet<CommitmentPlanStatus> = new Set(['new', 'reviewed', 'draft', 'needs_review']);

export class SimulatorState {
  private readonly statuses = new Map<string, CommitmentPlanStatus>();
  private purchaseCount = 0;

  reset(): void {
    this.statuses.clear();
  }

  status(record: PlanRecord): CommitmentPlanStatus {
    return this.statuses.get(record.plan.id) ?? record.plan.status;
  }

  /** The plan as the API shows it now. */
  plan(record: PlanRecord): CommitmentPlan {
    const status = this.status(record);
    return status === record.plan.status ? record.plan : { ...record.plan, status };
  }

  private assertOpen(record: PlanRecord): void {
    if (record.plan.is_calculating)
      throw new HttpError(409, 'The plan is still being calculated and cannot be purchased yet.');
    const status = this.status(record);
    if (!OPEN.has(status))
      throw new HttpError(409, `The plan has already been applied (status: ${status}).`, {
        detail: { status },
      });
    if (record.lineItems.length === 0) throw new HttpError(409, 'The plan has no line items to purchase.');
  }

  /** v1 apply: the plan is scheduled for purchase. */
  apply(record: PlanRecord): CommitmentPlan {
    this.assertOpen(record);
    this.statuses.set(record.plan.id, 'scheduled');
    return this.plan(record);
  }

  /** v2 purchase: the underlying plan goes in progress. */
  purchase(org: OrgData, partner: PartnerPlanRecord): PurchaseResult {
    const record = org.plansById.get(partner.planId);
    if (!record) throw new HttpError(404, 'Plan not found');
    this.assertOpen(record);
    this.statuses.set(record.plan.id, 'in_progress');
    this.purchaseCount++;
    return {
      purchase_id: new Rng(`purchase:${partner.partnerPlan.id}:${this.purchaseCount}`).uuid(),
      plan_id: partner.partnerPlan.id,
      org_id: org.id,
      status: 'submitted',
      submitted_at: new Date().toISOString(),
      line_item_count: partner.lineItemCount,
      upfront_cost: partner.partnerPlan.upfront_cost,
      monthly_cost: partner.partnerPlan.monthly_cost,
    };
  }
}
