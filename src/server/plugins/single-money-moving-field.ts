/**
 * GraphQL runs mutation fields one after another, so `a: purchase… b: purchase…` would be two purchases.
 * An operation holding more than one money-moving field is refused whole, before anything executes (the
 * request plugin, request.ts, checks it).
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

const MONEY_MOVING_FIELDS: ReadonlySet<string> = new Set([
  'applyCommitmentPlan',
  'purchaseCommitmentPlan',
]);

/** Root fields of the operation named in MONEY_MOVING_FIELDS, through fragments and inline fragments. */
export function countMoneyMovingFields(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): number {
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) n += MONEY_MOVING_FIELDS.has(selection.name.value) ? 1 : 0;
      else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) n += count(fragment.selectionSet);
      }
    }
    return n;
  };
  return operation.operation === 'mutation' ? count(operation.selectionSet) : 0;
}

/**
 * The refusal of an operation holding more than one money-moving field, else undefined. Depends on the
 * document only: the request plugin works it out once per parsed operation.
 */
export function moneyMovingRefusal(
  operation: OperationDefinitionNode,
  document: DocumentNode,
): (() => GraphQLError) | undefined {
  if (operation.operation !== 'mutation') return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  if (countMoneyMovingFields(operation, fragments) <= 1) return undefined;
  return () =>
    new GraphQLError(
      'An operation may hold at most one money-moving field (applyCommitmentPlan, purchaseCommitmentPlan). Nothing was executed; send them as separate operations.',
      { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
    );
}
