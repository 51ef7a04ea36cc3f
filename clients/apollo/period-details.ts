/**
 * `commitment(id:, startDate:, endDate:) { details { … } }`: the lookup's period is the default period of
 * `details`. Two lookups of one commitment for two periods are one `Commitment:<id>` in a normalised cache, and
 * `details` without arguments is one field of it: the second period would overwrite the first. This transform
 * gives such a `details` the lookup's dates as its own arguments (which the gateway treats the same: dates on
 * `details` win over the lookup's), so each period is its own field, `details({"endDate":…,"startDate":…})`.
 *
 * It applies to selections written inside the lookup (fields and inline fragments); inside a named fragment
 * write the dates on `details` yourself. Apollo Client runs it on every operation (the kit's client does), and
 * the persisted-query manifest is generated through it, so the manifest lists the text the client sends.
 */
import { DocumentTransform } from '@apollo/client';
import { Kind, visit, type ArgumentNode, type FieldNode, type SelectionSetNode } from 'graphql';

const PERIOD = new Set(['startDate', 'endDate']);

function withPeriod(set: SelectionSetNode, period: readonly ArgumentNode[]): SelectionSetNode {
  return {
    ...set,
    selections: set.selections.map((s) => {
      if (s.kind === Kind.INLINE_FRAGMENT) return { ...s, selectionSet: withPeriod(s.selectionSet, period) };
      if (s.kind !== Kind.FIELD || s.name.value !== 'details') return s;
      if ((s.arguments ?? []).some((a) => PERIOD.has(a.name.value))) return s;
      return { ...s, arguments: [...(s.arguments ?? []), ...period] } satisfies FieldNode;
    }),
  };
}

export const periodDetailsTransform = new DocumentTransform((document) =>
  visit(document, {
    Field(node) {
      if (node.name.value !== 'commitment' || !node.selectionSet) return undefined;
      const period = (node.arguments ?? []).filter((a) => PERIOD.has(a.name.value));
      if (period.length === 0) return undefined;
      return { ...node, selectionSet: withPeriod(node.selectionSet, period) };
    },
  }),
);
