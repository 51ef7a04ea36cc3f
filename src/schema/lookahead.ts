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

/** The names of the fields each field node selects directly (through fragments), known from the document. */
const selectedNames = new WeakMap<FieldNode, ReadonlySet<string>>();

/**
 * The names `node` selects directly under it, whatever the directives say, worked out on first use and
 * remembered with the parsed document's field node (its fragments are the same document's).
 */
function namesSelected(node: FieldNode, info: GraphQLResolveInfo): ReadonlySet<string> {
  let names = selectedNames.get(node);
  if (names === undefined) {
    const found = new Set<string>();
    const seen = new Set<string>();
    const collect = (set: SelectionSetNode | undefined): void => {
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          found.add(selection.name.value);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet);
        } else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          collect(info.fragments[selection.name.value]?.selectionSet);
        }
      }
    };
    collect(node.selectionSet);
    selectedNames.set(node, found);
    names = found;
  }
  return names;
}

/**
 * Argument values of every selection of `fieldName` directly under the current field; none at once when
 * the query does not name it there (most lookups).
 */
export function subFieldArguments(
  info: GraphQLResolveInfo,
  fieldName: string,
): Array<Record<string, unknown>> {
  if (!info.fieldNodes.some((node) => namesSelected(node, info).has(fieldName))) return [];
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
