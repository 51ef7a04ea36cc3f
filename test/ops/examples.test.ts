/**
 * The example operations of examples/ (savings dashboard, plan drill-down, purchase preview): each is
 * valid against the schema, runs against the simulator with examples/variables.json without an error, and
 * the Sandbox landing page on /graphql opens with them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { buildSchema } from '../../src/server/schema';
import { EXAMPLES_DIR, exampleOperationFiles, loadSandboxInitialState } from '../../src/server/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const files = exampleOperationFiles();
const variables = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, 'variables.json'), 'utf8')) as Record<
  string,
  unknown
>;
let ops: TestGateway;

beforeAll(async () => {
  ops = await startTestGateway();
});
afterAll(() => ops.close());

it('ships the three main use cases', () => {
  expect(files.map((f) => path.basename(f))).toEqual([
    'plan-drill-down.graphql',
    'purchase-preview.graphql',
    'savings-dashboard.graphql',
  ]);
});

describe.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
  const document = parse(readFileSync(file, 'utf8'));
  const operation = document.definitions[0] as OperationDefinitionNode;

  it('is one named operation, valid against the schema, with every variable in variables.json', () => {
    expect(document.definitions).toHaveLength(1);
    expect(operation.name?.value).toMatch(/^[A-Z]/);
    expect(validate(buildSchema(), document)).toEqual([]);
    for (const v of operation.variableDefinitions ?? [])
      expect(variables).toHaveProperty(v.variable.name.value);
  });

  it('runs against the simulator without an error', async () => {
    const res = await ops.graphql(readFileSync(file, 'utf8'), variables);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toBeTruthy();
  });
});

it('the purchase preview sends nothing that spends money', async () => {
  ops.simulator.resetCalls();
  const res = await ops.graphql(
    readFileSync(path.join(EXAMPLES_DIR, 'purchase-preview.graphql'), 'utf8'),
    variables,
  );
  expect(res.body.data?.purchaseCommitmentPlan).toMatchObject({
    userErrors: [],
    preview: { lineItemCount: expect.any(Number), currency: expect.any(String) },
  });
  expect(ops.simulator.calls().filter((c) => c.method !== 'GET')).toEqual([]);
});

it('Sandbox on /graphql opens with the examples and their variables', async () => {
  const state = loadSandboxInitialState()!;
  expect(state.document).toContain('query SavingsDashboard');
  expect(state.document).toContain('query PlanDrillDown');
  expect(state.document).toContain('mutation PurchasePreview');
  expect(state.variables).toEqual(variables);
  const res = await fetch(`${ops.origin}/graphql`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('SavingsDashboard');
  expect(html).toContain('PurchasePreview');
});
