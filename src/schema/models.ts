/**
 * What the GraphQL types that are not upstream shapes are built from (codegen `mappers`). Types read from
 * Archera map to the answers themselves (src/upstream/answers.ts): their fields resolve by the camelCase ->
 * snake_case rule of `snakeCaseFieldResolver`, the rest have resolvers.
 */
import type { LineItem, ResourceMatch, Commitment } from '../upstream/answers';

/** An org is only a scope: resolving it calls nothing upstream. */
export interface OrgModel {
  id: string;
}

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

export type LineItemConnectionModel = ConnectionModel<LineItem>;
export type LineItemEdgeModel = EdgeModel<LineItem>;
export type ResourceMatchConnectionModel = ConnectionModel<ResourceMatch>;
export type ResourceMatchEdgeModel = EdgeModel<ResourceMatch>;
export type CommitmentConnectionModel = ConnectionModel<Commitment>;
export type CommitmentEdgeModel = EdgeModel<Commitment>;
