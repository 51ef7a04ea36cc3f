import { parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { sumUsd } from '../../src/money/micros';
import { countMoneyMovingFields } from '../../src/server/plugins/single-money-moving-field';

describe('sumUsd', () => {
  it('adds without float drift', () => {
    const items = Array.from({ length: 10 }, () => 0.1);
    expect(items.reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(sumUsd(items, (x) => x)).toBe(1);
    expect(sumUsd([0.1, 0.2], (x) => x)).toBe(0.3);
  });
});

describe('countMoneyMovingFields', () => {
  const count = (source: string): number => {
    const doc = parse(source);
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const fragments = Object.fromEntries(
      doc.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
        .map((f) => [f.name.value, f]),
    );
    return countMoneyMovingFields(op, fragments);
  };

  it('counts aliases, inline fragments and fragment spreads at the root', () => {
    expect(count('mutation { a: purchaseCommitmentPlan { x } }')).toBe(1);
    expect(count('mutation { a: purchaseCommitmentPlan { x } b: purchaseCommitmentPlan { x } }')).toBe(2);
    expect(
      count('mutation { applyCommitmentPlan { x } ... on Mutation { purchaseCommitmentPlan { x } } }'),
    ).toBe(2);
    expect(count('mutation { ...F ...F } fragment F on Mutation { applyCommitmentPlan { x } }')).toBe(1);
    expect(
      count(
        'mutation { ...F applyCommitmentPlan { x } } fragment F on Mutation { applyCommitmentPlan { x } }',
      ),
    ).toBe(2);
    expect(count('query { purchaseCommitmentPlan { x } applyCommitmentPlan { x } }')).toBe(0);
  });
});
