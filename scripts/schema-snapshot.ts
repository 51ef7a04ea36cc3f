/**
 * The committed schema snapshot: the subgraph SDL (as `_service { sdl }` describes it, printed by
 * printSubgraphSchema) in snapshots/schema.graphql. test/federation/schema-snapshot.test.ts fails on any
 * change against it, naming breaking and dangerous changes (graphql's findBreakingChanges /
 * findDangerousChanges); `npm run schema:snapshot` accepts the current schema on purpose and lists what it
 * accepts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import {
  findBreakingChanges,
  findDangerousChanges,
  parse,
  print,
  type BreakingChange,
  type DangerousChange,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema } from '../src/server/schema';

export const SNAPSHOT_FILE = path.resolve(__dirname, '../snapshots/schema.graphql');

const HEADER =
  '# The subgraph schema as published (printSubgraphSchema). Do not edit: `npm run schema:snapshot`\n' +
  '# regenerates it, on purpose, after a schema change; a test fails on any difference.\n\n';

/** The SDL the gateway serves now. */
export function currentSdl(): string {
  return printSubgraphSchema(buildSchema());
}

function schemaOf(sdl: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(sdl) });
}

export interface SnapshotComparison {
  /** Whether the snapshot and the current schema print the same (formatting and comments aside). */
  same: boolean;
  breaking: BreakingChange[];
  dangerous: DangerousChange[];
}

export function compareWithSnapshot(
  current = currentSdl(),
  snapshot = readFileSync(SNAPSHOT_FILE, 'utf8'),
): SnapshotComparison {
  const before = schemaOf(snapshot);
  const after = schemaOf(current);
  return {
    same: print(parse(snapshot)) === print(parse(current)),
    breaking: findBreakingChanges(before, after),
    dangerous: findDangerousChanges(before, after),
  };
}

async function main(): Promise<void> {
  const sdl = currentSdl();
  if (existsSync(SNAPSHOT_FILE)) {
    const { same, breaking, dangerous } = compareWithSnapshot(sdl);
    if (same) {
      console.log(`${path.relative(process.cwd(), SNAPSHOT_FILE)} is up to date`);
      return;
    }
    for (const c of breaking) console.log(`accepting BREAKING change ${c.type}: ${c.description}`);
    for (const c of dangerous) console.log(`accepting dangerous change ${c.type}: ${c.description}`);
  }
  // Formatted like the rest of the repository, so `npm run format:check` leaves it alone.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(SNAPSHOT_FILE)) ?? {};
  writeFileSync(SNAPSHOT_FILE, await prettier.format(HEADER + sdl, { ...options, parser: 'graphql' }));
  console.log(`wrote ${path.relative(process.cwd(), SNAPSHOT_FILE)}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
