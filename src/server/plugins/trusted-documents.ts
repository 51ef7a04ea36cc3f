/**
 * Trusted documents (GRAPHQL_TRUSTED_DOCUMENTS): with a persisted-query manifest configured, the gateway
 * runs only the operations it lists. Everything else is refused with `TRUSTED_DOCUMENT_REQUIRED`, HTTP 400,
 * before it is parsed, validated or executed: no resolver runs and nothing is sent upstream.
 *
 * A listed operation may be sent
 * - by id: Apollo's persisted-query extension, `{"extensions":{"persistedQuery":{"version":1,
 *   "sha256Hash":"<manifest id>"}}}` without `query` (POST, or GET with `extensions` in the URL). Apollo Server's
 *   `persistedQueries` store is the manifest itself (`persistedQueryStore` below), so an id resolves without the
 *   client registering it first, and nothing is ever registered;
 * - as text: the manifest body exactly, or any text with the same definitions once printed (graphql-js `print`
 *   after parsing, definitions in the manifest's order: operation first, then fragments by name). Whitespace,
 *   commas, comments and the order of top-level definitions do not matter; the selections, arguments,
 *   directives and names do (`__typename` included: Apollo Client adds it, and so does the manifest).
 *
 * Refused: any other text; an id the manifest does not list; an automatic-persisted-query registration (text
 * plus hash) of a document the manifest does not list. With introspection on (`GRAPHQL_INTROSPECTION`, or not
 * production), a query made only of introspection fields (`__schema`, `__type`, `__typename`) also runs, so
 * Apollo Sandbox and schema tools keep working; the landing page itself is a GET of HTML that never reaches
 * this plugin.
 *
 * How a refusal stays within Apollo's pipeline (so it is logged and counted like any other request) without
 * parsing the refused text: `requestDidStart` swaps the request's text for a constant document of two
 * operations (which selects no operation unless the request names one of them) and `didResolveOperation`
 * throws the refusal.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  print,
  validate,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
} from 'graphql';
import type { TrustedDocument, TrustedDocuments } from '../../config/trusted-documents';
import type { GatewayContext } from '../../resolvers/context';

export const TRUSTED_DOCUMENT_REQUIRED = 'TRUSTED_DOCUMENT_REQUIRED';

export interface TrustedDocumentsOptions {
  /** Introspection is on: introspection-only queries run too. */
  introspection: boolean;
  /** The server's parse options (its token limit applies to texts parsed here as well). */
  parseOptions?: ParseOptions;
}

/** What a request carries that says which operation to run. */
export interface RequestedDocument {
  query?: string | undefined;
  operationName?: string | undefined;
  extensions?: Record<string, unknown> | undefined;
}

export interface TrustedDocumentsSetup {
  /** Apollo Server's `persistedQueries` option: the manifest, read-only. */
  persistedQueries: { cache: KeyValueCache<string>; ttl: null };
  plugin: ApolloServerPlugin<GatewayContext>;
  /**
   * For transports outside Apollo's pipeline (subscriptions over WebSocket): the listed text to run, or the
   * refusal. The same rules as over HTTP; an id (extensions.persistedQuery) stands for its listed text.
   */
  admit(request: RequestedDocument): { query: string } | { refused: GraphQLError };
}

/** What Apollo Server puts before every key of its `persistedQueries` cache. */
const APQ_PREFIX = 'apq:';

const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type', '__typename']);

/** Stands in for a refused request's text: valid, cheap, and selecting no operation. */
const REFUSED_STAND_IN =
  'query TrustedDocumentRefused { __typename } query TrustedDocumentRefusedToo { __typename }';

/** Top-level definitions in the order Apollo's manifest generator prints them (sortTopLevelDefinitions). */
function sortDefinitions(document: DocumentNode): DocumentNode {
  const nameOf = (d: DefinitionNode): string =>
    d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION ? (d.name?.value ?? '') : '';
  const definitions = [...document.definitions].sort((a, b) =>
    a.kind !== b.kind
      ? a.kind > b.kind
        ? -1
        : 1
      : nameOf(a) < nameOf(b)
        ? -1
        : nameOf(a) > nameOf(b)
          ? 1
          : 0,
  );
  return { ...document, definitions };
}

/** The text's canonical form: printed after parsing, definitions sorted. */
export function normalisedDocument(document: DocumentNode): string {
  return print(sortDefinitions(document));
}

/** Whether the operation that would run selects, at its root, only __schema, __type and __typename. */
export function isIntrospectionOnly(document: DocumentNode, operationName: string | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const only = (set: SelectionSetNode): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(s.name.value);
      if (s.kind === Kind.INLINE_FRAGMENT) return only(s.selectionSet);
      const fragment = fragments.get(s.name.value);
      if (!fragment) return false;
      if (seen.has(fragment.name.value)) return true;
      seen.add(fragment.name.value);
      return only(fragment.selectionSet);
    });
  return only(operation.selectionSet);
}

function refusal(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: TRUSTED_DOCUMENT_REQUIRED, http: { status: 400 } },
  });
}

const HINT =
  'This gateway runs only its trusted documents (GRAPHQL_TRUSTED_DOCUMENTS): send a listed operation by its ' +
  'id (extensions.persistedQuery.sha256Hash) or as its text. Nothing was executed.';

export function trustedDocuments(
  list: TrustedDocuments,
  options: TrustedDocumentsOptions,
): TrustedDocumentsSetup {
  const byId = new Map<string, TrustedDocument>();
  const bodies = new Set<string>();
  const normalised = new Set<string>();
  /** Each listed operation parsed once, here (validated against the schema when the server starts). */
  const parsed: Array<{ op: TrustedDocument; document: DocumentNode }> = [];
  for (const op of list.operations) {
    byId.set(op.id, op);
    bodies.add(op.body);
    const document = parse(op.body, { noLocation: true });
    parsed.push({ op, document });
    normalised.add(normalisedDocument(document));
  }
  const parseOptions: ParseOptions = { ...options.parseOptions, noLocation: true };

  /** Why `text` may not run, or undefined when it may. */
  const textRefusal = (
    text: string,
    operationName: string | undefined,
    registering: boolean,
  ): string | undefined => {
    if (bodies.has(text)) return undefined;
    let document: DocumentNode | undefined;
    try {
      document = parse(text, parseOptions);
    } catch {
      document = undefined;
    }
    if (document && normalised.has(normalisedDocument(document))) return undefined;
    if (document && options.introspection && isIntrospectionOnly(document, operationName)) return undefined;
    return registering
      ? `Registering persisted queries is off: this document is not one of the trusted documents. ${HINT}`
      : `This operation is not one of the trusted documents. ${HINT}`;
  };

  /** Why the request may not run (undefined: it may), by text or by id; neither is Apollo's own BAD_REQUEST. */
  const requestRefusal = (request: RequestedDocument): string | undefined => {
    const persisted: unknown = request.extensions?.persistedQuery;
    const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
    if (text !== undefined) return textRefusal(text, request.operationName, persisted !== undefined);
    if (persisted === undefined || persisted === null) return undefined;
    const id = (persisted as { sha256Hash?: unknown }).sha256Hash;
    if (typeof id === 'string' && byId.has(id)) return undefined;
    return `The persisted query id ${typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : '(none)'} is not one of the trusted documents. ${HINT}`;
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart({ schema, logger }) {
      logger.info(
        `trusted documents on: ${list.operations.length} operations from ${list.path}; other operations are refused (${TRUSTED_DOCUMENT_REQUIRED})`,
      );
      for (const { op, document } of parsed) {
        const errors = validate(schema, document);
        if (errors.length > 0) {
          logger.warn(
            `trusted document ${op.name} (${op.id}) is not valid against this schema: ${errors[0]!.message}`,
          );
        }
      }
    },
    async requestDidStart({ request }) {
      const refused = requestRefusal(request);
      if (refused === undefined) return;
      const persisted: unknown = request.extensions?.persistedQuery;
      const error = refusal(refused);
      request.query = REFUSED_STAND_IN;
      if (persisted !== undefined) {
        const { persistedQuery: _dropped, ...rest } = request.extensions ?? {};
        request.extensions = rest;
      }
      return {
        async didResolveOperation() {
          throw error;
        },
      };
    },
  };

  const persistedQueryStore: KeyValueCache<string> = {
    // Apollo Server prefixes the keys of its persisted-query store with "apq:".
    async get(key) {
      return (
        byId.get(key) ?? (key.startsWith(APQ_PREFIX) ? byId.get(key.slice(APQ_PREFIX.length)) : undefined)
      )?.body;
    },
    // While the list is on, nothing is registered: a registration of a listed text changes nothing, and one of
    // any other text was refused before it got here.
    async set() {},
    async delete() {
      return false;
    },
  };

  const admit: TrustedDocumentsSetup['admit'] = (request) => {
    const refused = requestRefusal(request);
    if (refused !== undefined) return { refused: refusal(refused) };
    if (typeof request.query === 'string' && request.query !== '') return { query: request.query };
    const id = (request.extensions?.persistedQuery as { sha256Hash?: string } | undefined)?.sha256Hash;
    const listed = id === undefined ? undefined : byId.get(id);
    return listed ? { query: listed.body } : { refused: refusal(`No operation sent. ${HINT}`) };
  };

  return { persistedQueries: { cache: persistedQueryStore, ttl: null }, plugin, admit };
}
