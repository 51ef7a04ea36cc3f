/**
 * Acceptance of the client kit with Apollo Client 4 itself (dev mode, so its cache warnings are on), against a
 * real gateway on the simulator: two periods side by side keep their own numbers after normalisation, every
 * entity normalises as `Type:id` with no warning, fetchMore merges pages without duplicates, a money move's
 * payload alone brings a cached plan list up to date, the kit's persisted queries run against a gateway
 * that runs only the trusted documents, and the kit's subscriptions go over WebSocket and keep the cached
 * plan up to date.
 */
import './dev-mode';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, gql, type TypedDocumentNode } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import WebSocket from 'ws';
import { createArcheraClient, createCache, entityTypes, webSocketUrl } from '../../clients/apollo';
import {
  PlanDrillDownDocument,
  PurchasePreviewDocument,
  SavingsDashboardDocument,
  WebCommitmentsDocument,
  WebDashboardDocument,
  WebPartnerPlansDocument,
  WebPlanStatusDocument,
  WebProviderPlansDocument,
  WebUtilizationDocument,
  type WebCommitmentsQuery,
  type WebPlanStatusSubscription,
} from '../../clients/generated/graphql';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from '../../src/config/subscriptions';
import { readTrustedDocuments } from '../../src/config/trusted-documents';
import { FIXTURES } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';
import { sample } from '../helpers/metrics';
import { until } from '../helpers/wait';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

loadDevMessages();
loadErrorMessages();

const root = path.resolve(__dirname, '../..');
const variables = JSON.parse(readFileSync(path.join(root, 'examples/variables.json'), 'utf8')) as Data;
const SEPTEMBER = { startDate: '2026-09-01', endDate: '2026-10-01' };
const OCTOBER = { startDate: '2026-10-01', endDate: '2026-11-01' };
const COMMITMENT = FIXTURES.commitment.commitmentId;
/** The demo org's GCP plan named Recommended: still calculating. */
const CALCULATING = FIXTURES.noRecommendedPlan.planId;
/** Subscriptions poll fast here, so an update arrives within a tenth of a second of the change. */
const SUBSCRIPTIONS = {
  ...DEFAULT_SUBSCRIPTION_SETTINGS,
  poll: { fastMs: 100, settleMs: 500, slowMs: 1_000 },
};

// Node 20 has no global WebSocket (Node 22 has): the kit's subscriptions, and Apollo's GraphQLWsLink when
// it reports an error, use the global, as they would in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let g: TestGateway;
const warnings: string[] = [];
beforeAll(async () => {
  g = await startTestGateway({ config: { enablePurchases: true, subscriptions: SUBSCRIPTIONS } });
});
afterAll(() => g.close());
beforeEach(() => {
  warnings.length = 0;
  for (const level of ['warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      warnings.push(`console.${level}: ${format(...args)}`);
    });
  }
});
afterEach(() => {
  jest.restoreAllMocks();
  // No "Cache data may be lost", no "Missing field", nothing else either.
  expect(warnings).toEqual([]);
});

/** The kit's client on the test gateway (documents as text: the gateway here runs any operation). */
const kitClient = (): ApolloClient =>
  createArcheraClient({ uri: `${g.origin}/graphql`, apiKey: 'demo', persistedQueries: false });

/** Every cache entry key other than the roots is `Type:id` of an entity type, and names the entity it holds. */
function expectNormalised(client: ApolloClient): void {
  const data = client.cache.extract() as Record<string, Data>;
  const ids = Object.keys(data).filter(
    (k) => !['ROOT_QUERY', 'ROOT_MUTATION', 'ROOT_SUBSCRIPTION'].includes(k),
  );
  expect(ids.length).toBeGreaterThan(0);
  for (const key of ids) {
    const entity = data[key]!;
    expect(entityTypes).toContain(entity.__typename);
    expect(key).toBe(`${entity.__typename}:${entity.id}`);
  }
  // No entity with its id left inside another object.
  const visit = (value: unknown, top: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, false));
    if (value === null || typeof value !== 'object') return;
    const obj = value as Data;
    if (!top && typeof obj.__typename === 'string' && 'id' in obj) {
      throw new Error(`${obj.__typename} ${obj.id} was not normalised`);
    }
    for (const v of Object.values(obj)) visit(v, false);
  };
  for (const entity of Object.values(data)) for (const v of Object.values(entity)) visit(v, false);
}

describe('periods side by side', () => {
  test('details(startDate, endDate) aliases keep each period’s numbers after normalisation', async () => {
    const client = kitClient();
    const vars = {
      orgId: DEMO_ORG,
      commitmentId: COMMITMENT,
      firstStart: SEPTEMBER.startDate,
      firstEnd: SEPTEMBER.endDate,
      secondStart: OCTOBER.startDate,
      secondEnd: OCTOBER.endDate,
    };
    const { data } = await client.query({ query: WebUtilizationDocument, variables: vars });
    const fromNetwork = data!.org.commitment!;
    expect(fromNetwork.first!.periodStart).toBe(SEPTEMBER.startDate);
    expect(fromNetwork.second!.periodStart).toBe(OCTOBER.startDate);
    expect(fromNetwork.first!.utilization).not.toBe(fromNetwork.second!.utilization);
    // What the gateway says, and what the cache says afterwards, are the same numbers.
    const raw = await g.graphql(
      `query($id: ID!) { org(id: "${DEMO_ORG}") { commitment(id: $id) {
        s: details(startDate: "${SEPTEMBER.startDate}", endDate: "${SEPTEMBER.endDate}") { utilization }
        o: details(startDate: "${OCTOBER.startDate}", endDate: "${OCTOBER.endDate}") { utilization } } } }`,
      { id: COMMITMENT },
    );
    const server = (raw.body.data as Data).org.commitment;
    const cached = client.readQuery({ query: WebUtilizationDocument, variables: vars })!.org.commitment!;
    expect([cached.first!.utilization, cached.second!.utilization]).toEqual([
      server.s.utilization,
      server.o.utilization,
    ]);
    expect((client.cache.extract() as Record<string, Data>)[`Commitment:${cached.id}`]).toHaveProperty(
      [`details({"endDate":"${SEPTEMBER.endDate}","startDate":"${SEPTEMBER.startDate}"})`, 'utilization'],
      server.s.utilization,
    );
    expectNormalised(client);
  });

  const TWO_LOOKUPS = gql`
    query TwoLookups($orgId: ID!, $id: ID!) {
      org(id: $orgId) {
        id
        sep: commitment(id: $id, startDate: "2026-09-01", endDate: "2026-10-01") {
          id
          details {
            periodStart
            utilization
          }
        }
        oct: commitment(id: $id, startDate: "2026-10-01", endDate: "2026-11-01") {
          id
          details {
            periodStart
            utilization
          }
        }
      }
    }
  ` as TypedDocumentNode<Data, { orgId: string; id: string }>;

  test('two commitment(id, startDate, endDate) lookups keep their own details with the kit’s period transform', async () => {
    const client = kitClient();
    const { data } = await client.query({
      query: TWO_LOOKUPS,
      variables: { orgId: DEMO_ORG, id: COMMITMENT },
    });
    const { sep, oct } = data!.org;
    expect(sep.id).toBe(oct.id);
    expect(sep.details.periodStart).toBe(SEPTEMBER.startDate);
    expect(oct.details.periodStart).toBe(OCTOBER.startDate);
    expect(sep.details.utilization).not.toBe(oct.details.utilization);
    const again = client.readQuery({ query: TWO_LOOKUPS, variables: { orgId: DEMO_ORG, id: COMMITMENT } })!;
    expect(again.org.sep.details).toEqual(sep.details);
    expect(again.org.oct.details).toEqual(oct.details);
  });

  test('without the transform, a normalised cache keeps one period for both lookups (why the kit has it)', async () => {
    const client = new ApolloClient({
      cache: createCache(),
      link: new HttpLink({ uri: `${g.origin}/graphql`, headers: { 'x-api-key': 'demo' } }),
    });
    const { data } = await client.query({
      query: TWO_LOOKUPS,
      variables: { orgId: DEMO_ORG, id: COMMITMENT },
    });
    // `details` without arguments is one field of Commitment:<id>: the second period lands on the first (the
    // kit's value objects merge in place, so Apollo does not even warn). The transform prevents it.
    expect(data!.org.sep.details.periodStart).toBe(data!.org.oct.details.periodStart);
  });
});

describe('normalisation', () => {
  test('Apollo Client runs in dev mode here: a result missing a field is reported (so silence below means none)', () => {
    const cache = createCache();
    cache.writeQuery({
      query: gql`
        query Summary {
          org(id: "x") {
            id
            commitmentSummary(provider: AWS) {
              asOfDate
            }
          }
        }
      `,
      data: {
        org: { __typename: 'Org', id: 'x', commitmentSummary: { __typename: 'CommitmentPortfolioSummary' } },
      },
    });
    expect(warnings.join('\n')).toMatch(/Missing field 'asOfDate'/);
    warnings.length = 0;
  });

  test('every operation clients ship normalises every entity as Type:id, with no cache warning', async () => {
    const client = kitClient();
    await client.query({ query: SavingsDashboardDocument, variables: variables as never });
    await client.query({
      query: WebDashboardDocument,
      variables: { orgId: DEMO_ORG, provider: 'AWS', planProvider: 'AWS' },
    });
    await client.query({ query: PlanDrillDownDocument, variables: variables as never });
    await client.mutate({
      mutation: PurchasePreviewDocument,
      variables: { ...variables, idempotencyKey: `preview-${randomUUID()}` } as never,
    });
    await client.query({ query: WebPartnerPlansDocument, variables: { orgId: CHILD_ORG } });
    // The dashboard again, after the others: read from the cache as it was written.
    const { data } = await client.query({
      query: WebDashboardDocument,
      variables: { orgId: DEMO_ORG, provider: 'AWS', planProvider: 'AWS' },
      fetchPolicy: 'cache-only',
    });
    expect(data!.org.defaultCommitmentPlans).toHaveLength(3);
    expectNormalised(client);
    const keys = Object.keys(client.cache.extract() as Record<string, Data>);
    for (const type of ['Org', 'CommitmentPlan', 'Commitment', 'LineItem', 'PartnerPlan']) {
      expect(keys.some((k) => k.startsWith(`${type}:`))).toBe(true);
    }
    // Every query of the demo org shares one Org, whether or not it selected the org's id.
    expect(keys.filter((k) => k.startsWith('Org:')).sort()).toEqual(
      [`Org:${CHILD_ORG}`, `Org:${DEMO_ORG}`].sort(),
    );
  });
});

describe('pagination', () => {
  test('fetchMore appends the next page without duplicates; another filter is another list', async () => {
    const client = kitClient();
    const vars = { orgId: DEMO_ORG, provider: 'AWS' as const, first: 10 };
    const watched = client.watchQuery({ query: WebCommitmentsDocument, variables: vars });
    const first = await firstValueFrom(watched.pipe(filter((r) => r.dataState === 'complete')));
    const page1 = first.data!.org.commitments!;
    expect(page1.edges).toHaveLength(10);
    await watched.fetchMore({ variables: { after: page1.pageInfo.endCursor } });
    const current = watched.getCurrentResult();
    expect(current.dataState).toBe('complete');
    const merged = (current.data as WebCommitmentsQuery).org.commitments!;
    const ids = merged.edges.map((e) => e.node.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    // The same 20 the gateway lists in one page.
    const server = await g.graphql(
      `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, onlyActive: false, first: 20) { nodes { id } } } }`,
    );
    expect(ids).toEqual(((server.body.data as Data).org.commitments.nodes as Data[]).map((n) => n.id));
    expect(merged.pageInfo.endCursor).not.toBe(page1.pageInfo.endCursor);
    // A filtered list is cached on its own (keyArgs include filter) and leaves the first one alone.
    const filtered = await client.query({
      query: WebCommitmentsDocument,
      variables: { ...vars, first: 5, filter: [{ field: 'type', values: ['Compute'] }] },
    });
    expect(filtered.data!.org.commitments!.edges.every((e) => e.node.type === 'Compute')).toBe(true);
    expect(
      client.readQuery({ query: WebCommitmentsDocument, variables: vars })!.org.commitments!.edges,
    ).toHaveLength(20);
    expectNormalised(client);
  });
});

describe('a money move’s payload brings the cached plan list up to date', () => {
  test('purchase (confirm: true): payload `plan { id status }` and `org { partnerPlans { id status } }`', async () => {
    const client = kitClient();
    const before = (await client.query({ query: WebPartnerPlansDocument, variables: { orgId: CHILD_ORG } }))
      .data!;
    const target = before.org.partnerPlans![0]!;
    const BUY = gql`
      mutation Buy($input: PurchaseCommitmentPlanInput!) {
        purchaseCommitmentPlan(input: $input) {
          plan {
            id
            status
          }
          org {
            partnerPlans {
              id
              status
            }
          }
          userErrors {
            code
          }
        }
      }
    ` as TypedDocumentNode<Data, Data>;
    const result = await client.mutate({
      mutation: BUY,
      variables: {
        input: { orgId: CHILD_ORG, planId: target.id, confirm: true, idempotencyKey: randomUUID() },
      },
    });
    expect(result.data!.purchaseCommitmentPlan.userErrors).toEqual([]);
    const newStatus = result.data!.purchaseCommitmentPlan.plan.status;
    expect(newStatus).not.toBe(target.status);
    g.simulator.resetCalls();
    const after = await client.query({
      query: WebPartnerPlansDocument,
      variables: { orgId: CHILD_ORG },
      fetchPolicy: 'cache-only',
    });
    expect(after.data!.org.partnerPlans!.find((p) => p.id === target.id)!.status).toBe(newStatus);
    expect(g.simulator.calls()).toEqual([]);
    expectNormalised(client);
  });

  test('apply: payload `plan { id status }` and `org { defaultCommitmentPlans(provider: AWS) { id status } }`', async () => {
    const client = kitClient();
    const LIST = gql`
      query Plans($orgId: ID!) {
        org(id: $orgId) {
          id
          defaultCommitmentPlans(provider: AWS) {
            id
            name
            status
            isCalculating
          }
        }
      }
    ` as TypedDocumentNode<Data, { orgId: string }>;
    const plans = (await client.query({ query: LIST, variables: { orgId: DEMO_ORG } })).data!.org
      .defaultCommitmentPlans as Data[];
    const target = plans.find((p) => !p.isCalculating && p.status !== 'SCHEDULED')!;
    const APPLY = gql`
      mutation Apply($input: ApplyCommitmentPlanInput!) {
        applyCommitmentPlan(input: $input) {
          plan {
            id
            status
          }
          org {
            defaultCommitmentPlans(provider: AWS) {
              id
              status
            }
          }
          userErrors {
            code
          }
        }
      }
    ` as TypedDocumentNode<Data, Data>;
    const result = await client.mutate({
      mutation: APPLY,
      variables: { input: { orgId: DEMO_ORG, planId: target.id, idempotencyKey: randomUUID() } },
    });
    expect(result.data!.applyCommitmentPlan.userErrors).toEqual([]);
    expect(result.data!.applyCommitmentPlan.plan).toMatchObject({ id: target.id, status: 'SCHEDULED' });
    const cached = client.readQuery({ query: LIST, variables: { orgId: DEMO_ORG } })!;
    expect((cached.org.defaultCommitmentPlans as Data[]).find((p) => p.id === target.id)!.status).toBe(
      'SCHEDULED',
    );
    expectNormalised(client);
  });
});

describe('persisted queries against a gateway that runs only the trusted documents', () => {
  let trusted: TestGateway;
  beforeAll(async () => {
    const manifest = readTrustedDocuments(path.join(root, 'clients/persisted-query-manifest.json'), (m) => {
      throw new Error(m);
    });
    trusted = await startTestGateway({ config: { trustedDocuments: manifest } });
  });
  afterAll(() => trusted.close());

  test('the kit sends the operations clients ship by id; anything else is TRUSTED_DOCUMENT_REQUIRED', async () => {
    const client = createArcheraClient({ uri: `${trusted.origin}/graphql`, apiKey: 'demo' });
    const { data } = await client.query({ query: SavingsDashboardDocument, variables: variables as never });
    expect(data!.org.commitments!.totalCount).toBeGreaterThan(0);
    const own = gql`
      query Mine($orgId: ID!) {
        org(id: $orgId) {
          id
          partnerPlans {
            id
          }
        }
      }
    `;
    trusted.simulator.resetCalls();
    const refused = await client.query({ query: own, variables: { orgId: CHILD_ORG }, errorPolicy: 'all' });
    expect(CombinedGraphQLErrors.is(refused.error)).toBe(true);
    expect((refused.error as CombinedGraphQLErrors).errors[0]!.extensions!.code).toBe(
      'TRUSTED_DOCUMENT_REQUIRED',
    );
    expect(trusted.simulator.calls()).toEqual([]);
  });
});

describe('subscriptions over WebSocket', () => {
  type Event = ApolloClient.SubscribeResult<WebPlanStatusSubscription>;
  const PLAN_STATE = gql`
    fragment PlanState on CommitmentPlan {
      status
      isCalculating
    }
  `;
  const active = async (gateway: TestGateway): Promise<number> =>
    sample(await gateway.metrics(), 'archera_graphql_subscriptions_active', {}) ?? 0;

  /** The kit's client, with every HTTP body it sends recorded. */
  const recordingClient = (origin: string, apiKey = 'demo') => {
    const bodies: string[] = [];
    const client = createArcheraClient({
      uri: `${origin}/graphql`,
      apiKey,
      fetch: (input, init) => {
        bodies.push(String(init?.body ?? ''));
        return fetch(input, init);
      },
    });
    return { client, bodies };
  };

  /** Subscribes and records what arrives. */
  const follow = (client: ApolloClient, planId = CALCULATING) => {
    const events: Event[] = [];
    let completed = false;
    const subscription = client
      .subscribe({ query: WebPlanStatusDocument, variables: { orgId: DEMO_ORG, planId } })
      .subscribe({ next: (e) => events.push(e), complete: () => (completed = true) });
    return { events, subscription, completed: () => completed };
  };

  afterEach(() => g.simulator.resetState());

  test('the WebSocket URL is the GraphQL endpoint’s, http -> ws and https -> wss', () => {
    expect(webSocketUrl('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/graphql');
    expect(webSocketUrl('https://graph.example.com/graphql')).toBe('wss://graph.example.com/graphql');
    // No page to resolve a path against outside a browser.
    expect(() => webSocketUrl('/graphql')).toThrow();
  });

  test('client.subscribe gets the plan, then its update; CommitmentPlan:<id> and a watched list follow it', async () => {
    const { client, bodies } = recordingClient(g.origin);
    const variables = { orgId: DEMO_ORG, provider: 'GCP' as const };
    const list = client.watchQuery({ query: WebProviderPlansDocument, variables });
    const listed = await firstValueFrom(list.pipe(filter((r) => r.dataState === 'complete')));
    const plan = listed.data!.org.defaultCommitmentPlans!.find((p) => p.name === 'Recommended')!;
    expect(plan).toMatchObject({ isCalculating: true, status: 'NEW' });

    const live = follow(client);
    await until(() => live.events.length >= 1);
    expect(live.events[0]!.error).toBeUndefined();
    // The same plan as in the list: one cache entry, by its global id.
    expect(live.events[0]!.data!.commitmentPlanUpdated).toMatchObject({
      id: plan.id,
      isCalculating: true,
      status: 'NEW',
    });

    g.simulator.updatePlan(CALCULATING, { isCalculating: false, status: 'reviewed' });
    await until(() => live.events.length >= 2);
    expect(live.events[1]!.data!.commitmentPlanUpdated).toMatchObject({
      id: plan.id,
      isCalculating: false,
      status: 'REVIEWED',
    });
    // The cached plan is the update, and the list watching it shows it without asking the gateway again.
    const id = client.cache.identify({ __typename: 'CommitmentPlan', id: plan.id })!;
    expect(id).toBe(`CommitmentPlan:${plan.id}`);
    expect(client.cache.readFragment({ id, fragment: PLAN_STATE })).toEqual({
      __typename: 'CommitmentPlan',
      status: 'REVIEWED',
      isCalculating: false,
    });
    const row = (r: typeof listed) => r.data?.org.defaultCommitmentPlans?.find((p) => p.id === plan.id);
    const current = list.getCurrentResult() as typeof listed;
    expect(row(current)).toMatchObject({ status: 'REVIEWED', isCalculating: false });
    expectNormalised(client);

    // Over WebSocket, not HTTP: every HTTP request was the list's (by id, then its text: this gateway has no
    // manifest).
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.map((b) => (JSON.parse(b) as Data).operationName)).toEqual(
      bodies.map(() => 'WebProviderPlans'),
    );
    live.subscription.unsubscribe();
    await until(async () => (await active(g)) === 0);
  });

  test('the key goes in connection_init: a wrong one is UNAUTHENTICATED', async () => {
    const { client } = recordingClient(g.origin, 'not-a-key');
    const live = follow(client);
    await until(() => live.completed());
    expect(live.events).toHaveLength(1);
    expect(CombinedGraphQLErrors.is(live.events[0]!.error)).toBe(true);
    expect((live.events[0]!.error as CombinedGraphQLErrors).errors[0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  describe('against a gateway that runs only the trusted documents', () => {
    let trusted: TestGateway;
    beforeAll(async () => {
      const manifest = readTrustedDocuments(path.join(root, 'clients/persisted-query-manifest.json'), (m) => {
        throw new Error(m);
      });
      trusted = await startTestGateway({
        config: { trustedDocuments: manifest, subscriptions: SUBSCRIPTIONS },
      });
    });
    afterAll(() => trusted.close());

    test('the listed subscription runs (sent as its text); another one is TRUSTED_DOCUMENT_REQUIRED, unread', async () => {
      const { client } = recordingClient(trusted.origin);
      const live = follow(client);
      await until(() => live.events.length >= 1);
      expect(live.events[0]!.error).toBeUndefined();
      expect(live.events[0]!.data!.commitmentPlanUpdated.isCalculating).toBe(true);
      trusted.simulator.updatePlan(CALCULATING, { isCalculating: false, status: 'reviewed' });
      await until(() => live.events.length >= 2);
      expect(live.events[1]!.data!.commitmentPlanUpdated).toMatchObject({ status: 'REVIEWED' });
      live.subscription.unsubscribe();
      await until(async () => (await active(trusted)) === 0);
      trusted.simulator.resetState();

      trusted.simulator.resetCalls();
      const events: Event[] = [];
      let completed = false;
      client
        .subscribe({
          query: gql`
            subscription Mine($orgId: ID!, $planId: ID!) {
              commitmentPlanUpdated(orgId: $orgId, planId: $planId) {
                id
                status
              }
            }
          `,
          variables: { orgId: DEMO_ORG, planId: CALCULATING },
        })
        .subscribe({ next: (e) => events.push(e as Event), complete: () => (completed = true) });
      await until(() => completed);
      expect((events[0]!.error as CombinedGraphQLErrors).errors[0]!.extensions!.code).toBe(
        'TRUSTED_DOCUMENT_REQUIRED',
      );
      expect(trusted.simulator.calls()).toEqual([]);
    });
  });
});
