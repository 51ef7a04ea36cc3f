/** What the page shows: the simulator's demo org and partner child org, and two months side by side. */
const env = import.meta.env;

export const ORG_ID: string = env.VITE_ARCHERA_ORG_ID ?? '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';
export const CHILD_ORG_ID: string = env.VITE_ARCHERA_CHILD_ORG_ID ?? '2b7e4f90-1c3d-4e5a-8b6f-7a9c0d1e2f33';
export const PROVIDER = 'AWS' as const;
/** The provider of the live plan status panel (the simulator's demo org is still calculating its GCP plan). */
export const LIVE_PROVIDER = 'GCP' as const;

export const PERIODS = {
  first: { label: 'September 2026', startDate: '2026-09-01', endDate: '2026-10-01' },
  second: { label: 'October 2026', startDate: '2026-10-01', endDate: '2026-11-01' },
} as const;

/** Rows per page of the inventory. */
export const PAGE_SIZE = 10;
