/**
 * What changes at run time: plan statuses after apply/purchase (and after the admin moves them on), plans
 * that finished (or restarted) calculating, and purchases made. Kept apart from the immutable generated data
 * so that resetState() is just clearing maps.
 */
import type { CommitmentPlan, CommitmentPlanStatus, PurchaseResult } from '../upstream/types';
import type { OrgData } from './data/dataset';
import type { PartnerPlanRecord } from './data/partner';
import type { PlanRecord } from './data/plans';
import { Rng } from './data/prng';
import { HttpError } from './http/errors';

/** Statuses from which a plan can still be applied or purchased. */
const OPEN: ReadonlySet<CommitmentPlanStatus> = new Set(['new', 'reviewed', 'draft', 'needs_review']);

/** What the admin may change of a plan: its calculation and its status (what a UI waits on). */
export interface PlanStatePatch {
  isCalculating?: boolean;
  status?: CommitmentPlanStatus;
}

export class SimulatorState {
  private readonly statuses = new Map<string, CommitmentPlanStatus>();
  private readonly calculating = new Map<string, boolean>();
  private purchaseCount = 0;

  reset(): void {
    this.statuses.clear();
    this.calculating.clear();
  }

  status(record: PlanRecord): CommitmentPlanStatus {
    return this.statuses.get(record.plan.id) ?? record.plan.status;
  }

  isCalculating(record: PlanRecord): boolean {
    return this.calculating.get(record.plan.id) ?? record.plan.is_calculating;
  }

  /** The plan as the API shows it now. */
  plan(record: PlanRecord): CommitmentPlan {
    const status = this.status(record);
    const isCalculating = this.isCalculating(record);
    return status === record.plan.status && isCalculating === record.plan.is_calculating
      ? record.plan
      : { ...record.plan, status, is_calculating: isCalculating };
  }

  /** A plan finishes (or restarts) calculating, or moves to another status, as Archera's would. */
  update(record: PlanRecord, patch: PlanStatePatch): CommitmentPlan {
    if (patch.isCalculating !== undefined) this.calculating.set(record.plan.id, patch.isCalculating);
    if (patch.status !== undefined) this.statuses.set(record.plan.id, patch.status);
    return this.plan(record);
  }

  /** Purchases in progress complete: every plan a purchase put in progress is completed. */
  completePurchases(): number {
    let completed = 0;
    for (const [planId, status] of this.statuses) {
      if (status !== 'in_progress') continue;
      this.statuses.set(planId, 'completed');
      completed++;
    }
    return completed;
  }

  private assertOpen(record: PlanRecord): void {
    if (this.isCalculating(record))
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
