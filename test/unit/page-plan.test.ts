import { planPages } from '../../src/loaders/page-plan';
import { ENDPOINTS } from '../../src/upstream/endpoints';

/** The v1 lists' largest page. */
const MAX = ENDPOINTS.listLineItems.maxPageSize;

describe('planPages', () => {
  it('covers a small window with one page of its own size', () => {
    expect(planPages(0, 3, MAX)).toEqual({ pageSize: 3, pages: [1] });
  });

  it('covers 250 items from the start with 3 pages', () => {
    const plan = planPages(0, 250, MAX);
    expect(plan.pages).toHaveLength(3);
    expect(plan.pageSize * plan.pages.length).toBeGreaterThanOrEqual(250);
  });

  it('never asks for more than 100 per page', () => {
    expect(planPages(0, 500, MAX).pageSize).toBeLessThanOrEqual(100);
    expect(planPages(0, 500, MAX).pages).toHaveLength(5);
  });

  it('always covers the window, with the fewest pages possible', () => {
    for (let offset = 0; offset < 260; offset += 7) {
      for (const limit of [1, 2, 19, 20, 99, 100, 101, 199, 250, 500]) {
        const { pageSize, pages } = planPages(offset, limit, MAX);
        const first = (pages[0]! - 1) * pageSize;
        const end = pages[pages.length - 1]! * pageSize;
        expect(first).toBeLessThanOrEqual(offset);
        expect(end).toBeGreaterThanOrEqual(offset + limit);
        expect(pageSize).toBeLessThanOrEqual(100);
        // Contiguous pages.
        pages.forEach((p, i) => expect(p).toBe(pages[0]! + i));
        // No size fits in fewer pages.
        for (let size = 1; size <= 100; size++) {
          const count = Math.floor((offset + limit - 1) / size) - Math.floor(offset / size) + 1;
          expect(count).toBeGreaterThanOrEqual(pages.length);
        }
      }
    }
  });

  it('rejects nonsense', () => {
    expect(() => planPages(-1, 3, MAX)).toThrow(RangeError);
    expect(() => planPages(0, 0, MAX)).toThrow(RangeError);
  });
});
