/**
 * What each GraphQL type is built from (codegen `mappers`). Most are the upstream shapes themselves:
 * fields resolve by the camelCase -> snake_case rule of `snakeCaseFieldResolver`; the rest have resolvers.
 */
import type { CommitmentPlan, ContractSpec, LineItem, Offer } from '../upstream/types';
import type { lineItemOrderFieldValues } from './enums';

/** An org is only a scope: resolving it calls nothing upstream. */
export interface OrgModel {
  id: string;
}

export type CommitmentPlanModel = CommitmentPlan;

/** Line items do not carry their org; the global id needs it, so loaders attach it. */
export type LineItemModel = LineItem & { org_id: string };

export type OfferModel = Offer;
export type ContractSpecModel = ContractSpec;

export type OfferingClassValue = 'standard' | 'convertible';
export type LineItemOrderFieldValue = (typeof lineItemOrderFieldValues)[keyof typeof lineItemOrderFieldValues];

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
  pageInfo: PageInfoModel;
  totalCount: number;
}
