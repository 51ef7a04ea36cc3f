/**
 * Every GraphQL response is for one API key: HTTP caches (CDNs, proxies, browsers' shared caches) must not
 * store or mix them. A header set once per response, instead of Apollo's per-field cache-control hints,
 * which cost a hook on every field and would only ever compute PRIVATE here.
 */
import type { ApolloServerPlugin } from '@apollo/server';

export const privateResponsesPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'private, no-store');
      },
    };
  },
};
