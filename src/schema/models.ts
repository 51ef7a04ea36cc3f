/**
 * What each GraphQL type is built from (codegen `mappers`). Most are the upstream shapes themselves:
 * fields resolve by the camelCase -> snake_case rule of `snakeCaseFieldResolver`; the rest have resolvers.
 */
import type {
  Commitment,
  CommitmentPlan,
  ContractSpec,
  LineItem,
  Offer,
  PartnerPlan,
  ResourceMatch,
} from '../upstream/answers';
import type { lineItemOrderFieldValues } from './enums';

/** An org is only a scope: resolving it calls nothing upstream. */
export interface OrgModel {
  id: string;
}

export type CommitmentPlanModel = CommitmentPlan;

/** Line items do not carry their org; the global id needs it, so loaders attach it. */
export type LineItemModel = LineItem & { org_id: string };

/** Commitments (inventory rows and details alike) with the org they were read from. */
export type CommitmentModel = Commitment & { org_id: string };

/** Partner plans carry their child org upstream (org_id). */
export type PartnerPlanModel = PartnerPlan;

export type OfferModel = Offer;
export type ContractSpecModel = ContractSpec;

export type LineItemOrderFieldValue =
  (typeof lineItemOrderFieldValues)[keyof typeof lineItemOrderFieldValues];

export interface EdgeModel<T> {
  cursor: string;
  node: T;
}

export interface PageInfoModel {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ConnectionModel<T> {
  edges: EdgeModel<T>[];
  nodes: T[];
  pageInfo: PageInfoModel;
  totalCount: number;
}

export type LineItemConnectionModel = ConnectionModel<LineItemModel>;
export type LineItemEdgeModel = EdgeModel<LineItemModel>;
export type ResourceMatchConnectionModel = ConnectionModel<ResourceMatch>;
export type ResourceMatchEdgeModel = EdgeModel<ResourceMatch>;
export type CommitmentConnectionModel = ConnectionModel<CommitmentModel>;
export type CommitmentEdgeModel = EdgeModel<CommitmentModel>;
