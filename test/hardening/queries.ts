/**
 * Legitimate queries at the edges of our schema, generated from it (so they follow the schema as it grows),
 * and the measures the static limits are set from:
 * - DEEPEST: the longest path from a root field that never revisits a type (a query that loops
 *   Org -> CommitmentPlan -> Org only repeats itself);
 * - WIDEST: a whole-portfolio dashboard: every Org field, once per cloud provider where it takes one
 *   (aliases), each type selected in full through one fragment per type (connections 10 wide), and an
 *   @include toggle on every section (each Org field), as a dashboard that shows and hides its panels.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { buildSchema } from '../../src/server/schema';
import { planGlobalId, commitmentGlobalId } from '../../src/schema/ids';
import { DEMO_ORG } from '../helpers/gateway';
import { FIXTURES } from '../../src/simulator';

export const schema: GraphQLSchema = buildSchema();

const PROVIDERS_OF: Record<string, string[]> = {
  // v1 plans know every CloudProvider; the beta inventory AWS, AZURE and GCP.
  defaultCommitmentPlans: ['AWS', 'AZURE', 'GCP'],
  recommendedCommitmentPlan: ['AWS', 'AZURE', 'GCP'],
};
const BETA_PROVIDERS = ['AWS', 'AZURE', 'GCP'];

export const WIDEST_VARIABLES = {
  org: DEMO_ORG,
  plan: planGlobalId(DEMO_ORG, FIXTURES.balancedPlan.planId),
  commitment: commitmentGlobalId(DEMO_ORG, '00000000-0000-4000-8000-000000000000'),
  start: '2024-01-01',
  end: '2024-01-08',
  field: 'type',
  show: true,
};

/** Argument text for a field: variables for ids and dates, small windows for connections. */
function argumentsFor(field: GraphQLField<unknown, unknown>, provider?: string): string {
  const parts: string[] = [];
  for (const arg of field.args) {
    const text = argumentValue(field, arg, provider);
    if (text !== undefined) parts.push(`${arg.name}: ${text}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function argumentValue(
  field: GraphQLField<unknown, unknown>,
  arg: GraphQLArgument,
  provider: string | undefined,
): string | undefined {
  const type = getNamedType(arg.type);
  if (arg.name === 'first') return '10';
  if (arg.name === 'provider') return provider ?? 'AWS';
  if (!isNonNullType(arg.type)) return undefined;
  if (arg.name === 'startDate') return '$start';
  if (arg.name === 'endDate') return '$end';
  if (arg.name === 'field') return '$field';
  if (arg.name === 'id') return field.name === 'commitment' ? '$commitment' : '$plan';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) return undefined;
  return undefined;
}

/** One fragment per object type, every field, composite fields through the fragments of their types. */
function fragmentsFrom(root: GraphQLObjectType): Map<string, string> {
  const fragments = new Map<string, string>();
  const inProgress = new Set<string>();
  const build = (type: GraphQLObjectType): void => {
    if (fragments.has(type.name) || inProgress.has(type.name)) return;
    inProgress.add(type.name);
    const lines: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const args = argumentsFor(field);
      if (!isCompositeType(named)) {
        lines.push(`${field.name}${args}`);
        continue;
      }
      const types = isAbstractType(named)
        ? schema.getPossibleTypes(named)
        : isObjectType(named)
          ? [named]
          : [];
      // Back to a type being defined above (Org <- CommitmentPlan.org): a loop, not a wider query.
      if (types.some((t) => inProgress.has(t.name) || t === root)) continue;
      types.forEach(build);
      const body = types.map((t) =>
        types.length > 1 ? `... on ${t.name} { ...${t.name}F }` : `...${t.name}F`,
      );
      lines.push(`${field.name}${args} { ${body.join(' ')} }`);
    }
    fragments.set(type.name, `fragment ${type.name}F on ${type.name} {\n  ${lines.join('\n  ')}\n}`);
    inProgress.delete(type.name);
  };
  for (const field of Object.values(root.getFields())) {
    const named = getNamedType(field.type);
    if (isObjectType(named) && named !== root) build(named);
  }
  return fragments;
}

export function widestQuery(toggles = true): string {
  const org = schema.getType('Org') as GraphQLObjectType;
  const fragments = fragmentsFrom(org);
  const include = toggles ? ' @include(if: $show)' : '';
  const lines: string[] = ['id'];
  for (const field of Object.values(org.getFields())) {
    const named = getNamedType(field.type);
    if (field.name === 'id') continue;
    const body = isObjectType(named) ? ` { ...${named.name}F }` : '';
    const takesProvider = field.args.some((a) => a.name === 'provider');
    if (!takesProvider) {
      lines.push(`${field.name}${argumentsFor(field)}${include}${body}`);
      continue;
    }
    for (const provider of PROVIDERS_OF[field.name] ?? BETA_PROVIDERS) {
      lines.push(
        `${provider.toLowerCase()}_${field.name}: ${field.name}${argumentsFor(field, provider)}${include}${body}`,
      );
    }
  }
  const header = `query Widest($org: ID!, $plan: ID!, $commitment: ID!, $start: Date!, $end: Date!, $field: String!${toggles ? ', $show: Boolean!' : ''})`;
  return `${header} {\n  org(id: $org) {\n    ${lines.join('\n    ')}\n  }\n}\n\n${[...fragments.values()].join('\n\n')}\n`;
}

/** The longest simple path (no type twice) from a root type, as field names with their parent types. */
export function deepestPath(rootName: 'Query' | 'Mutation'): Array<{ type: string; field: string }> {
  let best: Array<{ type: string; field: string }> = [];
  const walk = (
    type: GraphQLObjectType,
    path: Array<{ type: string; field: string }>,
    seen: Set<string>,
  ): void => {
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      const step = [...path, { type: type.name, field: field.name }];
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) {
        if (step.length > best.length) best = step;
        continue;
      }
      const types = isAbstractType(named)
        ? schema.getPossibleTypes(named)
        : isObjectType(named)
          ? [named]
          : [];
      for (const t of types) if (!seen.has(t.name)) walk(t, step, new Set([...seen, t.name]));
    }
  };
  walk(schema.getType(rootName) as GraphQLObjectType, [], new Set([rootName]));
  return best;
}

/** The deepest legitimate query: DEEPEST's path written out, with inline fragments for abstract types. */
export function deepestQuery(rootName: 'Query' | 'Mutation' = 'Query'): string {
  const path = deepestPath(rootName);
  let text = '';
  for (let i = path.length - 1; i >= 0; i--) {
    const { type, field } = path[i]!;
    const def = (schema.getType(type) as GraphQLObjectType).getFields()[field]!;
    const args = def.args
      .filter((a) => isNonNullType(a.type) || a.name === 'first')
      .map((a) => `${a.name}: ${deepArg(a)}`);
    const call = `${field}${args.length ? `(${args.join(', ')})` : ''}`;
    const parentType = schema.getType(type)!;
    const previous = path[i - 1];
    const prevField =
      previous && (schema.getType(previous.type) as GraphQLObjectType).getFields()[previous.field]!;
    const needsFragment = prevField && isAbstractType(getNamedType(prevField.type));
    const selection = text ? `${call} { ${text} }` : call;
    text = needsFragment ? `... on ${parentType.name} { ${selection} }` : selection;
  }
  return rootName === 'Mutation' ? `mutation Deepest { ${text} }` : `query Deepest { ${text} }`;
}

function deepArg(arg: GraphQLArgument): string {
  const named = getNamedType(arg.type);
  if (arg.name === 'first') return '1';
  if (arg.name === 'startDate') return '"2024-01-01"';
  if (arg.name === 'endDate') return '"2024-01-08"';
  if (arg.name === 'provider') return 'AWS';
  if (arg.name === 'id' || arg.name === 'ids')
    return `"${commitmentGlobalId(DEMO_ORG, '00000000-0000-4000-8000-000000000000')}"`;
  if (arg.name === 'input') return `{ orgId: "${DEMO_ORG}", planId: "${FIXTURES.balancedPlan.planId}" }`;
  if (isEnumType(named)) return named.getValues()[0]!.name;
  return '"x"';
}

// ---- measures, as the limits count them ----

export function tokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

/** Field nesting with fragments flattened (what maxDepth counts). */
export function depth(text: string): number {
  const doc = parse(text);
  const fragments = fragmentsOf(doc);
  const of = (set: SelectionSetNode | undefined, d: number): number => {
    if (!set) return d;
    let most = d;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) most = Math.max(most, of(s.selectionSet, d + 1));
      else if (s.kind === Kind.INLINE_FRAGMENT) most = Math.max(most, of(s.selectionSet, d));
      else most = Math.max(most, of(fragments.get(s.name.value)?.selectionSet, d));
    }
    return most;
  };
  return Math.max(
    0,
    ...doc.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? of(d.selectionSet, 0) : 0)),
  );
}

/** Aliases and directives with fragments counted where spread; selections expanded (Apollo's rule). */
export function counts(text: string): { aliases: number; directives: number; selections: number } {
  const doc = parse(text);
  const fragments = fragmentsOf(doc);
  const of = (
    set: SelectionSetNode | undefined,
  ): { aliases: number; directives: number; selections: number } => {
    const total = { aliases: 0, directives: 0, selections: 0 };
    for (const s of set?.selections ?? []) {
      total.selections += 1;
      total.directives += s.directives?.length ?? 0;
      let inner;
      if (s.kind === Kind.FIELD) {
        if (s.alias) total.aliases += 1;
        inner = of(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) inner = of(s.selectionSet);
      else {
        const f = fragments.get(s.name.value);
        total.directives += f?.directives?.length ?? 0;
        inner = of(f?.selectionSet);
      }
      total.aliases += inner.aliases;
      total.directives += inner.directives;
      total.selections += inner.selections;
    }
    return total;
  };
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (op?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  const result = of(op.selectionSet);
  result.directives += op.directives?.length ?? 0;
  return result;
}

/** Field nodes of a document (for tests that build variants). */
export function fieldCount(text: string): number {
  let n = 0;
  visit(parse(text), {
    Field(_node: FieldNode) {
      n++;
    },
  });
  return n;
}

export function isListField(type: GraphQLObjectType, field: string): boolean {
  const t = type.getFields()[field]!.type;
  return isListType(isNonNullType(t) ? t.ofType : t);
}
