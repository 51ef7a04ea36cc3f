import type { Resolvers } from '../generated/graphql';
import { CommitmentAttributeValueScalar, DateScalar, DateTimeScalar, JSONScalar } from '../schema/scalars';
import { Commitment } from './Commitment';
import { CommitmentPlan } from './CommitmentPlan';
import { enumResolvers } from '../schema/enums';
import { ContractSpec, LineItem } from './LineItem';
import { nodeTypeName } from './node';
import { Org } from './Org';
import { PartnerPlan } from './PartnerPlan';
import { ResourceMatch } from './ResourceMatch';
import { CommitmentComparisonEntry, CommitmentResolution, SkippedCommitment } from './CommitmentComparison';
import {
  ApplyCommitmentPlanPayload,
  CommitmentPurchase,
  Mutation,
  PurchaseCommitmentPlanPayload,
} from './Mutation';
import { Query } from './Query';
import { Subscription } from './Subscription';

/**
 * Resolvers for fields that are not a plain camelCase read of an upstream field (the default field
 * resolver handles those: see src/schema/field-resolver.ts).
 */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  CommitmentAttributeValue: CommitmentAttributeValueScalar,
  ...enumResolvers,
  Node: { __resolveType: nodeTypeName },
  Query,
  Org,
  CommitmentPlan,
  LineItem,
  ContractSpec,
  Commitment,
  PartnerPlan,
  ResourceMatch,
  CommitmentComparisonEntry,
  CommitmentResolution,
  SkippedCommitment,
  Mutation,
  Subscription,
  ApplyCommitmentPlanPayload,
  PurchaseCommitmentPlanPayload,
  CommitmentPurchase,
};
