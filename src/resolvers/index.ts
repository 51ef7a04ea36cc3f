import type { Resolvers } from '../generated/graphql';
import { DateTimeScalar, JSONScalar } from '../graphql/scalars';
import { CommitmentPlan } from './CommitmentPlan';
import { enumResolvers } from './enums';
import { ContractSpec, LineItem, Offer } from './LineItem';
import { nodeTypeName } from './node';
import { Org } from './Org';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  ...enumResolvers,
  Node: { __resolveType: nodeTypeName },
  Query,
  Org,
  CommitmentPlan,
  LineItem,
  Offer,
  ContractSpec,
};
