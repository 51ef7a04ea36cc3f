/**
 * Look-ahead: the arguments of a field's sub-fields, read from the query before they resolve. It lets a
 * lookup start the fetches its sub-fields will need in parallel with its own, when they do not depend on
 * its result (a plan's line items need only the org and plan ids, not the plan).
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

function included(node: FieldNode, info: GraphQLResolveInfo): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
  const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
  return skip?.if !== true && include?.if !== false;
}

/** Argument values of every selection of `fieldName` directly under the current field. */
export function subFieldArguments(
  info: GraphQLResolveInfo,
  fieldName: string,
): Array<Record<string, unknown>> {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return [];
  const definition = type.getFields()[fieldName];
  if (!definition) return [];
  const found: Array<Record<string, unknown>> = [];
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === fieldName && included(selection, info)) {
          found.push(getArgumentValues(definition, selection, info.variableValues));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return found;
}
