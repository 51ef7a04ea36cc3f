/**
 * Schema discipline: the published subgraph SDL is committed in snapshots/schema.graphql. A breaking change
 * (graphql's findBreakingChanges against the snapshot) fails here, and so does any other drift, until the
 * snapshot is updated on purpose with `npm run schema:snapshot` (which lists what it accepts) and
 * committed with the change.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { compareWithSnapshot, SNAPSHOT_FILE } from '../../scripts/schema-snapshot';
import { readFileSync } from 'node:fs';

const HOW =
  'If the change is intended, run `npm run schema:snapshot` and commit snapshots/schema.graphql with it.';

it('has no breaking change against the committed snapshot', () => {
  const { breaking } = compareWithSnapshot();
  const described = breaking.map((c) => `${c.type}: ${c.description}`);
  if (described.length) throw new Error(`Breaking schema changes:\n  ${described.join('\n  ')}\n${HOW}`);
});

it('has no dangerous change against the committed snapshot', () => {
  const { dangerous } = compareWithSnapshot();
  const described = dangerous.map((c) => `${c.type}: ${c.description}`);
  if (described.length) throw new Error(`Dangerous schema changes:\n  ${described.join('\n  ')}\n${HOW}`);
});

it('matches the committed snapshot (additions included)', () => {
  if (!compareWithSnapshot().same)
    throw new Error(`The schema differs from snapshots/schema.graphql. ${HOW}`);
});

describe('the check itself', () => {
  const sdl = (orgFields: string): string => `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Query { org(id: ID!): Org! }
    type Org @key(fields: "id") { id: ID! ${orgFields} }
  `;
  const before = sdl('name: String! savings: Float! plans(first: Int): [String!]!');

  it('catches a removed field, a changed type and a new required argument as breaking', () => {
    const after = sdl('savings: String! plans(first: Int, region: String!): [String!]!');
    const types = compareWithSnapshot(after, before).breaking.map((c) => c.type);
    expect(types).toEqual(
      expect.arrayContaining(['FIELD_CHANGED_KIND', 'FIELD_REMOVED', 'REQUIRED_ARG_ADDED']),
    );
  });

  it('catches a field made nullable as breaking (clients may not handle null)', () => {
    const after = sdl('name: String savings: Float! plans(first: Int): [String!]!');
    expect(compareWithSnapshot(after, before).breaking.map((c) => c.type)).toEqual(['FIELD_CHANGED_KIND']);
  });

  it('lets an addition through as not breaking, yet not the same', () => {
    const after = sdl('name: String! savings: Float! plans(first: Int): [String!]! region: String');
    expect(compareWithSnapshot(after, before)).toMatchObject({ same: false, breaking: [], dangerous: [] });
    expect(compareWithSnapshot(`# a comment\n${before}`, before).same).toBe(true);
  });

  it('the committed snapshot is a valid subgraph schema', () => {
    expect(() => buildSubgraphSchema({ typeDefs: parse(readFileSync(SNAPSHOT_FILE, 'utf8')) })).not.toThrow();
  });
});
