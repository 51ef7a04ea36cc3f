/**
 * Federated traces (ftv1) for the requests that ask for them. Apollo installs its inline-trace plugin on
 * every subgraph, and that plugin builds a trace tree (protobuf objects) at the start of every request before
 * it looks whether the router asked for a trace (`apollo-federation-include-trace: ftv1`). Here the header is
 * read first: the same plugin runs for the requests that carry it, and nothing for the others.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { GatewayContext } from '../../resolvers/context';

type RequestDidStart = NonNullable<ApolloServerPlugin<GatewayContext>['requestDidStart']>;

/** Spread into Apollo's plugins: Apollo's own inline-trace plugin off, and it again behind the header check. */
export function inlineTraceWhenAsked(): ApolloServerPlugin<GatewayContext>[] {
  // Our schema is always a subgraph (buildSubgraphSchema): traced as Apollo would trace it.
  const traced = ApolloServerPluginInlineTrace() as ApolloServerPlugin<GatewayContext>;
  const start = traced.requestDidStart!.bind(traced);
  return [
    ApolloServerPluginInlineTraceDisabled(),
    {
      requestDidStart: ((rc) =>
        rc.request.http?.headers.get('apollo-federation-include-trace') === 'ftv1'
          ? start(rc)
          : undefined) as RequestDidStart,
    },
  ];
}
