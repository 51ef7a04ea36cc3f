/**
 * The cost model (cost.ts) published in the schema as Federation 2.9 demand-control directives, so a router
 * (Apollo Router's demand control, Hive Gateway's useDemandControl) estimates what the gateway estimates:
 * `@cost(weight:)` on every field that calls the upstream (its upstream calls, the unit of our budget) and
 * `@listSize` on every list it sizes (`assumedSize`) and every connection (`slicingArguments` first/last,
 * `sizedFields` edges/nodes). The directives are derived from FIELD_COSTS when the schema is built: one source
 * of truth, and the SDL files stay free of numbers that would drift from the code.
 *
 * Where our model is finer than the directives can say, they err high: a batched field (one call per page of
 * commitments) is weighed per item, a connection's pages as one call each per item window.
 */
import {
  Kind,
  visit,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';
import { DEFAULT_PAGE_WINDOW } from '../../config/limits';
import { ENDPOINTS } from '../../upstream/endpoints';
import { DEFAULT_LIST_SIZE, FIELD_COSTS, LINE_ITEM_LOOKUP_CALLS, type FieldCost } from './cost';

/** What the directives say of one field. */
export interface DeclaredCost {
  weight: number;
  /** For lists the model sizes from their arguments (ids): what a router should assume. */
  assumedSize?: number;
  connection?: boolean;
}

/** The directives' view of a cost rule: static numbers (a lookup by global id weighs its worst case). */
export function declaredCost(rule: FieldCost): DeclaredCost {
  const weightOf = (): number => {
    if (rule.connection) return ENDPOINTS[rule.connection].cost;
    const perCall = rule.endpoint ? ENDPOINTS[rule.endpoint].cost : 1;
    if (rule.batch) return perCall;
    if (typeof rule.calls === 'function') return perCall * LINE_ITEM_LOOKUP_CALLS;
    return perCall * (rule.calls ?? (rule.endpoint ? 1 : 0));
  };
  const declared: DeclaredCost = { weight: weightOf() };
  if (rule.connection) declared.connection = true;
  else if (typeof rule.list === 'number') declared.assumedSize = rule.list;
  else if (typeof rule.list === 'function') declared.assumedSize = DEFAULT_LIST_SIZE;
  return declared;
}

const int = (value: number): ConstValueNode => ({ kind: Kind.INT, value: String(value) });
const strings = (values: string[]): ConstValueNode => ({
  kind: Kind.LIST,
  values: values.map((value) => ({ kind: Kind.STRING, value })),
});

function directive(name: string, args: Record<string, ConstValueNode>): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([arg, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg },
      value,
    })),
  };
}

function directivesOf(declared: DeclaredCost): ConstDirectiveNode[] {
  const out = [directive('cost', { weight: int(declared.weight) })];
  if (declared.connection) {
    out.push(
      directive('listSize', {
        assumedSize: int(DEFAULT_PAGE_WINDOW),
        slicingArguments: strings(['first', 'last']),
        sizedFields: strings(['edges', 'nodes']),
        requireOneSlicingArgument: { kind: Kind.BOOLEAN, value: false },
      }),
    );
  } else if (declared.assumedSize !== undefined) {
    out.push(directive('listSize', { assumedSize: int(declared.assumedSize) }));
  }
  return out;
}

/** The SDL with `@cost`/`@listSize` on every field of FIELD_COSTS (fields Federation adds, like _entities, aside). */
export function withCostDirectives(typeDefs: DocumentNode): DocumentNode {
  let typeName: string | undefined;
  return visit(typeDefs, {
    ObjectTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    ObjectTypeExtension: { enter: (node) => void (typeName = node.name.value) },
    FieldDefinition(node: FieldDefinitionNode) {
      const rule = typeName ? FIELD_COSTS[`${typeName}.${node.name.value}`] : undefined;
      if (!rule) return undefined;
      return { ...node, directives: [...(node.directives ?? []), ...directivesOf(declaredCost(rule))] };
    },
  });
}
