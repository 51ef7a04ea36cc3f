// An experiment of `npm run bench` (node --require): our compiled gateway unchanged, except that Apollo
// Server's CacheControl plugin is turned off, as `plugins: [ApolloServerPluginCacheControlDisabled(), ...]`
// in src/app.ts would. That plugin is installed by default and hooks every field resolution (willResolveField);
// the gateway never uses its hints (responses are `Cache-Control: private, no-store`). Patches Apollo's
// addDefaultPlugins, so it measures the one-line change without editing src/.
const path = require('node:path');
const { createRequire } = require('node:module');

const requireRoot = createRequire(path.join(__dirname, '..', '..', 'package.json'));
const { ApolloServer } = requireRoot('@apollo/server');
const { ApolloServerPluginCacheControlDisabled } = requireRoot('@apollo/server/plugin/disabled');

const addDefaultPlugins = ApolloServer.prototype.addDefaultPlugins;
if (typeof addDefaultPlugins !== 'function') throw new Error('cache-control-off: Apollo Server changed');
ApolloServer.prototype.addDefaultPlugins = async function (...args) {
  this.internals.plugins.push(ApolloServerPluginCacheControlDisabled());
  return addDefaultPlugins.apply(this, args);
};
