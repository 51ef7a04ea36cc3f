/**
 * A second, small subgraph as another team would write it ("workspace": teams and budgets). It extends our
 * entities both ways: it adds fields to Org, CommitmentPlan and Commitment (the router asks it for them by
 * key), and its own Team type points at Org, CommitmentPlan and Commitment (the router asks us to resolve
 * those references).
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';

export const WORKSPACE_TYPE_DEFS = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    teams: [Team!]!
  }

  type Team @key(fields: "id") {
    id: ID!
    name: String!
    org: Org!
    budgetPlan: CommitmentPlan
    watchedCommitments: [Commitment!]!
  }

  type Org @key(fields: "id") {
    id: ID!
    monthlyBudget: Float!
    teams: [Team!]!
  }

  type CommitmentPlan @key(fields: "id") {
    id: ID!
    approvedBy: String
  }

  type Commitment @key(fields: "id") {
    id: ID!
    owner: String!
  }
`);

export interface WorkspaceData {
  orgId: string;
  /** Global ids of CommitmentPlan, as our subgraph returns them. */
  planIds: string[];
  /** Global ids of Commitment. */
  commitmentIds: string[];
}

export interface Workspace {
  url: string;
  /** Every representation this subgraph was asked to resolve, by type. */
  references: Record<string, string[]>;
  stop(): Promise<void>;
}

export async function startWorkspaceSubgraph(data: WorkspaceData): Promise<Workspace> {
  const references: Record<string, string[]> = {};
  const seen = (type: string, id: string): void => {
    (references[type] ??= []).push(id);
  };
  const teams = [
    { id: 'team-finops', name: 'FinOps', planIndex: 0, commitments: data.commitmentIds.slice(0, 2) },
    { id: 'team-platform', name: 'Platform', planIndex: 0, commitments: data.commitmentIds.slice(1, 3) },
    { id: 'team-data', name: 'Data', planIndex: 1, commitments: [] as string[] },
  ];
  type TeamRow = (typeof teams)[number];
  const resolvers: GraphQLResolverMap<unknown> = {
    Query: { teams: () => teams },
    Team: {
      __resolveReference: ({ id }: { id: string }) => teams.find((t) => t.id === id),
      org: () => ({ id: data.orgId }),
      budgetPlan: (t: TeamRow) => ({ id: data.planIds[t.planIndex] }),
      watchedCommitments: (t: TeamRow) => t.commitments.map((id) => ({ id })),
    },
    Org: {
      __resolveReference: ({ id }: { id: string }) => {
        seen('Org', id);
        return { id };
      },
      monthlyBudget: ({ id }: { id: string }) => (id === data.orgId ? 12500 : 0),
      teams: ({ id }: { id: string }) => (id === data.orgId ? teams : []),
    },
    CommitmentPlan: {
      __resolveReference: ({ id }: { id: string }) => {
        seen('CommitmentPlan', id);
        return { id };
      },
      approvedBy: ({ id }: { id: string }) => (id === data.planIds[0] ? 'cfo@example.com' : null),
    },
    Commitment: {
      __resolveReference: ({ id }: { id: string }) => {
        seen('Commitment', id);
        return { id };
      },
      owner: ({ id }: { id: string }) => `owner-${id.length}`,
    },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: WORKSPACE_TYPE_DEFS, resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, references, stop: () => server.stop() };
}
