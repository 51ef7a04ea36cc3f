/** GRAPHQL_MAX_COST and GRAPHQL_COST_BUDGET_PER_MINUTE from the environment, refused in one clear line. */
import { ConfigError, loadConfig } from '../../src/config/index';
import { DEFAULT_LIMITS } from '../../src/config/limits';

test('defaults', () => {
  expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
  expect(DEFAULT_LIMITS).toMatchObject({ maxCost: 1000, costBudgetPerMinute: 10_000, maxPageWindow: 500 });
});

test('both are read; a ceiling above the default budget raises the default budget with it', () => {
  expect(loadConfig({ GRAPHQL_MAX_COST: '50', GRAPHQL_COST_BUDGET_PER_MINUTE: '0' }).limits).toMatchObject({
    maxCost: 50,
    costBudgetPerMinute: 0,
  });
  expect(loadConfig({ GRAPHQL_MAX_COST: '20000' }).limits.costBudgetPerMinute).toBe(20_000);
});

test.each([
  [{ GRAPHQL_MAX_COST: '0' }, /GRAPHQL_MAX_COST must be an integer from 1/],
  [{ GRAPHQL_MAX_COST: 'lots' }, /GRAPHQL_MAX_COST must be an integer/],
  [{ GRAPHQL_COST_BUDGET_PER_MINUTE: '-1' }, /GRAPHQL_COST_BUDGET_PER_MINUTE must be an integer/],
  [{ GRAPHQL_COST_BUDGET_PER_MINUTE: '500' }, /must be 0 \(off\) or at least GRAPHQL_MAX_COST \(1000\)/],
])('refuses %j', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
