/**
 * The subgraph protocol itself: `_service { sdl }` is served, and `_entities` resolves a batch of
 * representations of Org, CommitmentPlan and Commitment through the per-request loaders with the fewest
 * upstream calls (duplicates shared, orgs free), one bad representation failing alone.
 */
import { parse } from 'graphql';
import { commitmentGlobalId, planGlobalId } from '../../src/schema/ids';
import { FIXTURES } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

let harness: TestGateway;
beforeAll(async () => {
  harness = await startTestGateway();
});
afterAll(() => harness.close());
beforeEach(() => harness.simulator.resetCalls());

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Org { id }
    ... on CommitmentPlan { id archeraId name }
    ... on Commitment { id archeraId displayName }
  }
}`;

it('serves _service { sdl }: the Federation 2 subgraph SDL a router composes', async () => {
  const res = await harness.graphql('{ _service { sdl } }');
  expect(res.body.errors).toBeUndefined();
  const sdl = (res.body.data as { _service: { sdl: string } })._service.sdl;
  expect(() => parse(sdl)).not.toThrow();
  expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
  for (const type of ['Org', 'CommitmentPlan implements Node', 'Commitment implements Node']) {
    expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "id"\\)`));
  }
});

it('resolves a batch of representations with one upstream call per distinct plan or commitment', async () => {
  const planA = planGlobalId(DEMO_ORG, FIXTURES.recommendedPlan.planId);
  const planB = planGlobalId(DEMO_ORG, FIXTURES.largePlan.planId);
  const commitment = commitmentGlobalId(DEMO_ORG, FIXTURES.commitment.commitmentId);
  const representations = [
    { __typename: 'Org', id: DEMO_ORG },
    { __typename: 'CommitmentPlan', id: planA },
    { __typename: 'Commitment', id: commitment },
    { __typename: 'CommitmentPlan', id: planB },
    { __typename: 'Org', id: CHILD_ORG },
    { __typename: 'CommitmentPlan', id: planA },
    { __typename: 'Commitment', id: commitment },
  ];
  const res = await harness.graphql(ENTITIES, { representations });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?._entities).toEqual([
    { __typename: 'Org', id: DEMO_ORG },
    {
      __typename: 'CommitmentPlan',
      id: planA,
      archeraId: FIXTURES.recommendedPlan.planId,
      name: 'Recommended',
    },
    {
      __typename: 'Commitment',
      id: commitment,
      archeraId: FIXTURES.commitment.commitmentId,
      displayName: FIXTURES.commitment.displayName,
    },
    { __typename: 'CommitmentPlan', id: planB, archeraId: FIXTURES.largePlan.planId, name: 'High Savings' },
    { __typename: 'Org', id: CHILD_ORG },
    {
      __typename: 'CommitmentPlan',
      id: planA,
      archeraId: FIXTURES.recommendedPlan.planId,
      name: 'Recommended',
    },
    {
      __typename: 'Commitment',
      id: commitment,
      archeraId: FIXTURES.commitment.commitmentId,
      displayName: FIXTURES.commitment.displayName,
    },
  ]);
  const calls = harness.simulator.calls();
  expect(calls.map((c) => c.endpoint).sort()).toEqual(['getCommitmentDetails', 'getPlan', 'getPlan']);
});

it('an Org reference costs nothing upstream until one of its fields is asked', async () => {
  const res = await harness.graphql(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Org { id recommendedCommitmentPlan(provider: AWS) { name } } } }`,
    {
      r: [
        { __typename: 'Org', id: DEMO_ORG },
        { __typename: 'Org', id: DEMO_ORG },
      ],
    },
  );
  expect(res.body.errors).toBeUndefined();
  expect(harness.simulator.calls().map((c) => c.endpoint)).toEqual(['getRecommendedPlan']);
});

it('a representation that is not ours fails alone, with BAD_USER_INPUT, before any upstream call', async () => {
  const planA = planGlobalId(DEMO_ORG, FIXTURES.recommendedPlan.planId);
  const res = await harness.graphql(ENTITIES, {
    representations: [
      { __typename: 'CommitmentPlan', id: FIXTURES.recommendedPlan.planId }, // Archera's id, not the key
      { __typename: 'CommitmentPlan', id: planA },
      { __typename: 'Org', id: 'not-a-uuid' },
      { __typename: 'Commitment', id: planA }, // a plan's id as a commitment key
    ],
  });
  expect(res.body.data?._entities).toEqual([
    null,
    {
      __typename: 'CommitmentPlan',
      id: planA,
      archeraId: FIXTURES.recommendedPlan.planId,
      name: 'Recommended',
    },
    null,
    null,
  ]);
  expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
    [['_entities', 0], 'BAD_USER_INPUT'],
    [['_entities', 2], 'BAD_USER_INPUT'],
    [['_entities', 3], 'BAD_USER_INPUT'],
  ]);
  expect(harness.simulator.calls().map((c) => c.endpoint)).toEqual(['getPlan']);
});

it.each([
  ['a string', 'a'],
  ['a number', 499],
  ['an object without __typename', {}],
  ['an unknown type', { __typename: 'Nope' }],
  ['a type that is not an entity', { __typename: 'Query' }],
  ['an array', [{ __typename: 'Org', id: DEMO_ORG }]],
])(
  'a malformed representation (%s) fails alone with BAD_USER_INPUT; other root fields still resolve',
  async (_what, bad) => {
    const planA = planGlobalId(DEMO_ORG, FIXTURES.recommendedPlan.planId);
    const res = await harness.graphql(
      `query($r: [_Any!]!) {
        _entities(representations: $r) { __typename ... on CommitmentPlan { name } ... on Org { id } }
        org(id: "${DEMO_ORG}") { id }
      }`,
      { r: [{ __typename: 'Org', id: DEMO_ORG }, bad, { __typename: 'CommitmentPlan', id: planA }] },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      _entities: [
        { __typename: 'Org', id: DEMO_ORG },
        null,
        { __typename: 'CommitmentPlan', name: 'Recommended' },
      ],
      org: { id: DEMO_ORG },
    });
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
    ]);
  },
);

it('a list of only malformed representations answers an error per entry, never a whole-response failure', async () => {
  const res = await harness.graphql(
    `query($r: [_Any!]!) { _entities(representations: $r) { __typename } org(id: "${DEMO_ORG}") { id } }`,
    { r: ['a', 499, {}, { __typename: 'Nope' }] },
  );
  expect(res.body.data).toEqual({ _entities: [null, null, null, null], org: { id: DEMO_ORG } });
  expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(Array(4).fill('BAD_USER_INPUT'));
  expect(harness.simulator.calls()).toHaveLength(0);
});
