/** Same data on every start, generated without randomness or the clock, within the start-up budget. */
import type * as Simulator from '../../src/simulator';
import type * as DatasetModule from '../../src/simulator/data/dataset';
import { call, CHILD, commitments, DEMO, OTHER, partner, plans } from './helpers';

/** A fresh copy of the simulator modules, as a new process would load them. */
function fresh<T>(path: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(path) as T; // eslint-disable-line @typescript-eslint/no-require-imports
  });
  if (!loaded) throw new Error(`could not load ${path}`);
  return loaded;
}

describe('determinism', () => {
  it('generates the data without Math.random or Date.now, fast', () => {
    const random = jest.spyOn(Math, 'random');
    const now = jest.spyOn(Date, 'now');
    const { getDataset } = fresh<typeof DatasetModule>('../../src/simulator/data/dataset');
    const started = performance.now();
    const dataset = getDataset();
    for (const org of dataset.orgs.values()) for (const plan of org.plans) plan.resourceMatches();
    const elapsed = performance.now() - started;
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
    random.mockRestore();
    now.mockRestore();
    // Budget: 300 ms at gateway start on a quiet machine (resource matches are built lazily on top).
    expect(elapsed).toBeLessThan(1000);
  });

  it('serves identical responses from two independent starts', async () => {
    const a = await fresh<typeof Simulator>('../../src/simulator').startSimulator();
    const b = await fresh<typeof Simulator>('../../src/simulator').startSimulator();
    const { FIXTURES } = fresh<typeof Simulator>('../../src/simulator');
    try {
      const requests: [string, Record<string, string | number | string[]>?, string?][] = [
        [`${plans(DEMO)}/default`, { provider: 'aws' }],
        [`${plans(DEMO)}/default`, { provider: 'azure' }],
        [`${plans(DEMO)}/default`, { provider: 'gcp' }],
        [`${plans(DEMO)}/recommended`, { provider: 'aws' }],
        [
          `${plans(DEMO)}/${FIXTURES.largePlan.planId}/line-items`,
          { page: 3, page_size: 100, order_by: 'savings' },
        ],
        [
          `${plans(DEMO)}/${FIXTURES.largePlan.planId}/resource-matches`,
          { start_date: '2026-11-01', end_date: '2026-11-26', page_size: 100 },
        ],
        [`${partner(CHILD)}/default`],
        [commitments(DEMO), { provider: 'aws', only_active: 'false', page_size: 10000 }],
        [commitments(DEMO), { provider: 'gcp', only_active: 'false', page_size: 10000 }],
        [`${commitments(DEMO)}/summary`, { provider: 'azure' }],
        [
          `${commitments(DEMO)}/metrics`,
          { provider: 'aws', start_date: '2026-09-01', end_date: '2026-11-27' },
        ],
        [`${commitments(DEMO)}/comparison`, { provider: 'aws' }],
        [
          `${commitments(DEMO)}/${FIXTURES.commitment.commitmentId}`,
          { start_date: '2026-10-01', end_date: '2026-11-01' },
        ],
        [`${commitments(DEMO)}/attributes/instance_type`, { provider: 'aws' }],
        [commitments(OTHER), { provider: 'azure', only_active: 'false', page_size: 10000 }, 'demo-other'],
      ];
      for (const [path, query, key] of requests) {
        const [ra, rb] = await Promise.all([
          call(a.url, path, { query, key }),
          call(b.url, path, { query, key }),
        ]);
        expect(ra.status).toBe(200);
        expect(rb.text).toBe(ra.text);
        expect(rb.headers.get('x-pagination')).toBe(ra.headers.get('x-pagination'));
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
