/**
 * Money-moving mutations of one GraphQL request: input checks, preview, and the POSTs through
 * MoneyMovingService (idempotency, disabled purchases, audit). Resolvers only map input to these calls.
 */
import { GraphQLError } from 'graphql';
import type { ArcheraClient } from '../upstream';
import type { Loaders } from '../loaders';
import type { AppliedPlan } from '../upstream/client';
import { applyTarget, checkIdempotencyKey, InputError, purchaseTarget } from './input';
import type { MoneyMovingRefusal, MoneyMovingResult, MoneyMovingService } from './service';
import {
  purchaseModel,
  type ApplyPayloadModel,
  type PurchaseModel,
  type PurchasePayloadModel,
  type UserErrorModel,
} from './payloads';
import { buildPreview } from './preview';
import { isStoreUnavailable } from './idempotency/types';

export interface MutationRunnerDeps {
  service: MoneyMovingService;
  client: ArcheraClient;
  loaders: Loaders;
  apiKey: string;
  /** Whether `apiKey` came with the request or is the gateway's server key. */
  keySource: 'caller' | 'server';
  requestId: string;
  /** After a successful apply or purchase: drop shared cached reads of the org. */
  onPlansChanged?: (orgId: string) => Promise<void>;
}

function userErrorOf<T>(result: Extract<MoneyMovingResult<T>, { kind: 'error' }>): UserErrorModel {
  const field = result.code === 'IDEMPOTENCY_KEY_REUSED' ? ['input', 'idempotencyKey'] : null;
  return { field, message: result.message, code: result.code };
}

export class MutationRunner {
  constructor(private readonly deps: MutationRunnerDeps) {}

  async apply(input: {
    orgId: string;
    planId: string;
    idempotencyKey?: string | null;
  }): Promise<ApplyPayloadModel> {
    try {
      const { orgId, planId } = applyTarget(input);
      const idempotencyKey =
        input.idempotencyKey == null ? undefined : checkIdempotencyKey(input.idempotencyKey);
      const result = await this.deps.service.execute<AppliedPlan>({
        operation: 'applyCommitmentPlan',
        ...this.who(),
        orgId,
        planId,
        idempotencyKey,
        input: { orgId, planId },
        precheck: () => this.refuseCalculating(orgId, planId),
        send: () => this.deps.client.applyPlan(orgId, planId, idempotencyKey ? { idempotencyKey } : {}),
      });
      if (result.kind === 'error')
        return {
          orgId,
          planId,
          applied: false,
          userErrors: [userErrorOf(result)],
          replayed: result.replayed,
        };
      // Any 2xx is a success whatever its body said: the payload's plan is read again, fresh, when asked for.
      await this.forgetPlans(orgId);
      return { orgId, planId, applied: true, userErrors: [], replayed: result.replayed };
    } catch (err) {
      if (err instanceof InputError)
        return { orgId: null, planId: null, applied: false, userErrors: [err.userError], replayed: false };
      throw err;
    }
  }

  async purchase(input: {
    orgId: string;
    planId: string;
    confirm: boolean;
    idempotencyKey: string;
  }): Promise<PurchasePayloadModel> {
    const empty = { purchase: null, preview: null, orgId: null, planId: null, replayed: false };
    try {
      const { orgId, planId } = purchaseTarget(input);
      const idempotencyKey = checkIdempotencyKey(input.idempotencyKey);
      if (!input.confirm) return await this.preview(orgId, planId, idempotencyKey);
      const result = await this.deps.service.execute<PurchaseModel>({
        operation: 'purchaseCommitmentPlan',
        ...this.who(),
        orgId,
        planId,
        idempotencyKey,
        input: { orgId, planId, confirm: true },
        send: async () =>
          purchaseModel(
            await this.deps.client.purchasePartnerPlan(orgId, { planId, confirm: true }, { idempotencyKey }),
            orgId,
            planId,
            idempotencyKey,
          ),
      });
      if (result.kind === 'error')
        return { ...empty, orgId, planId, userErrors: [userErrorOf(result)], replayed: result.replayed };
      await this.forgetPlans(orgId);
      // Any 2xx is a success whatever its body: what could be read of it, and what we asked for (a record
      // written before purchases were models is read the same way).
      const purchase = purchaseModel(result.result, orgId, planId, idempotencyKey);
      return { ...empty, purchase, orgId, planId, userErrors: [], replayed: result.replayed };
    } catch (err) {
      if (err instanceof InputError) return { ...empty, userErrors: [err.userError] };
      throw err;
    }
  }

  private async preview(
    orgId: string,
    planId: string,
    idempotencyKey: string,
  ): Promise<PurchasePayloadModel> {
    this.deps.service.auditPreview({
      operation: 'purchaseCommitmentPlan',
      ...this.who(),
      orgId,
      planId,
      idempotencyKey,
    });
    const plan = await this.deps.loaders.partnerPlan({ orgId, planId });
    const base = { purchase: null, orgId, planId, replayed: false };
    if (!plan) {
      return {
        ...base,
        preview: null,
        userErrors: [
          {
            field: ['input', 'planId'],
            message: `No partner plan ${planId} in org ${orgId}.`,
            code: 'NOT_FOUND',
          },
        ],
      };
    }
    return { ...base, preview: await buildPreview(this.deps.loaders, plan), userErrors: [] };
  }

  /**
   * A plan still being calculated cannot be applied: refused before anything is sent (its numbers would
   * change under the buyer). Read through this request's loaders: a calculating plan is never cached.
   */
  private async refuseCalculating(orgId: string, planId: string): Promise<MoneyMovingRefusal | undefined> {
    let plan;
    try {
      plan = await this.deps.loaders.planById.load({ orgId, planId });
    } catch {
      return undefined; // Archera answers the apply itself (e.g. 404 NOT_FOUND), as without this check.
    }
    if (!plan.is_calculating) return undefined;
    return {
      code: 'PLAN_CALCULATING',
      message:
        'This plan is still being calculated: apply it once isCalculating is false (its numbers may still change). Nothing was sent.',
    };
  }

  /** A purchase made with this API key and idempotency key, for node(id:); null when there is none. */
  async findPurchase(orgId: string, idempotencyKey: string): Promise<PurchaseModel | null> {
    let outcome;
    try {
      outcome = await this.deps.service.storedOutcome(this.deps.apiKey, idempotencyKey);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      // Not "no such purchase": the records cannot be read now.
      throw new GraphQLError(
        'The idempotency store is unavailable: purchases cannot be looked up now. Retry later.',
        { extensions: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE' } },
      );
    }
    if (outcome?.kind !== 'ok' || outcome.operation !== 'purchaseCommitmentPlan') return null;
    // A purchase's outcome is always the model send() built (org_id and plan_id set): records with an
    // operation were written by that code.
    const stored = outcome.result as PurchaseModel;
    if (stored.org_id !== orgId) return null;
    return purchaseModel(stored, orgId, stored.plan_id, idempotencyKey);
  }

  /** Who is asking: the key (for idempotency scope and audit fingerprint) and the request id. */
  private who(): { apiKey: string; keySource: 'caller' | 'server'; requestId: string } {
    return { apiKey: this.deps.apiKey, keySource: this.deps.keySource, requestId: this.deps.requestId };
  }

  /** A purchase or apply changes plan statuses: cached copies of this request must not be served after it. */
  private async forgetPlans(orgId: string): Promise<void> {
    const { loaders } = this.deps;
    await this.deps.onPlansChanged?.(orgId);
    loaders.partnerPlans.clear({ orgId });
    loaders.defaultPlans.clearAll();
    loaders.recommendedPlan.clearAll();
    loaders.planById.clearAll();
  }
}
