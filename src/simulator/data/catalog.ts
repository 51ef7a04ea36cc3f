/**
 * What the simulated clouds sell: regions, instance types with on-demand prices, commitment kinds with
 * their available (term, payment option) grid, and typical discounts. Prices are close to public list
 * prices so that numbers in the data look like what users see in Archera's console.
 */
export type CloudProvider = 'aws' | 'azure' | 'gcp';
export const CLOUD_PROVIDERS: readonly CloudProvider[] = ['aws', 'azure', 'gcp'];

export type Term = 'thirty_day_gris' | 'one_year_gris' | 'one_year' | 'three_year';
export type Payment = 'no_upfront' | 'partial_upfront' | 'all_upfront';

/** Months each term commits for (a GRI's term is its guarantee lock-in). */
export const TERM_MONTHS: Record<Term, number> = {
  thirty_day_gris: 1,
  one_year_gris: 12,
  one_year: 12,
  three_year: 36,
};
export const isGuaranteedTerm = (term: string): boolean => term.endsWith('_gris');

/** Length of the underlying provider commitment (GRIs are one-year commitments with a shorter lock-in). */
export const UNDERLYING_SECONDS: Record<Term, number> = {
  thirty_day_gris: 31_536_000,
  one_year_gris: 31_536_000,
  one_year: 31_536_000,
  three_year: 94_608_000,
};

export const PAYMENT_LABEL: Record<Payment, 'No Upfront' | 'Partial Upfront' | 'All Upfront'> = {
  no_upfront: 'No Upfront',
  partial_upfront: 'Partial Upfront',
  all_upfront: 'All Upfront',
};

export interface Region {
  code: string;
  name: string;
  /** Price multiplier relative to the cheapest region. */
  multiplier: number;
  zones: readonly string[];
}

export type SkuKind = 'compute' | 'database' | 'cache';

export interface Sku {
  kind: SkuKind;
  instanceType: string;
  family: string;
  /** On-demand USD per hour in the base region. */
  hourly: number;
  vcpu: number;
  engine?: string;
  normalization?: string;
}

export interface CommitmentKind {
  /** Commitment / offer type as the API shows it (e.g. 'Compute', 'EC2Instance', 'RDS'). */
  type: string;
  /** contract_spec.commitment_type */
  commitmentType: 'reserved_instance' | 'savings_plan' | 'reservation' | 'committed_use_discount';
  /** Savings-plan style commitments are bought as $/hour, not as a quantity of instances. */
  savingsPlan: boolean;
  planType: string | null;
  skuKind: SkuKind;
  /** Available (term, payment) pairs. */
  grid: readonly (readonly [Term, Payment])[];
  /** Base discount vs on-demand for 1-year and 3-year no-upfront terms. */
  discount: { one: number; three: number };
  /** Extra discount for partial / all upfront. */
  upfrontBonus: { partial: number; all: number };
  weight: number;
}

const RI_GRID_GRIS = [
  ['one_year', 'no_upfront'],
  ['one_year', 'partial_upfront'],
  ['one_year', 'all_upfront'],
  ['three_year', 'no_upfront'],
  ['three_year', 'partial_upfront'],
  ['three_year', 'all_upfront'],
  ['one_year_gris', 'no_upfront'],
  ['thirty_day_gris', 'no_upfront'],
] as const;
const AWS_FULL_GRID = RI_GRID_GRIS.slice(0, 6);
const NO_ALL_GRID = [
  ['one_year', 'no_upfront'],
  ['one_year', 'all_upfront'],
  ['three_year', 'no_upfront'],
  ['three_year', 'all_upfront'],
] as const;
const AZURE_VM_GRID = [...NO_ALL_GRID, ['one_year_gris', 'no_upfront']] as const;
const NO_UPFRONT_GRID = [
  ['one_year', 'no_upfront'],
  ['three_year', 'no_upfront'],
] as const;
const GCP_CE_GRID = [...NO_UPFRONT_GRID, ['one_year_gris', 'no_upfront']] as const;

export interface ProviderCatalog {
  provider: CloudProvider;
  regions: readonly Region[];
  skus: readonly Sku[];
  kinds: readonly CommitmentKind[];
  productDescription: string;
  tenancy: string;
}

const AWS: ProviderCatalog = {
  provider: 'aws',
  productDescription: 'Linux/UNIX',
  tenancy: 'Shared',
  regions: [
    {
      code: 'us-east-1',
      name: 'US East (N. Virginia)',
      multiplier: 1,
      zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    },
    { code: 'us-east-2', name: 'US East (Ohio)', multiplier: 1, zones: ['us-east-2a', 'us-east-2b'] },
    {
      code: 'us-west-2',
      name: 'US West (Oregon)',
      multiplier: 1,
      zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    },
    { code: 'eu-west-1', name: 'Europe (Ireland)', multiplier: 1.11, zones: ['eu-west-1a', 'eu-west-1b'] },
    {
      code: 'eu-central-1',
      name: 'Europe (Frankfurt)',
      multiplier: 1.15,
      zones: ['eu-central-1a', 'eu-central-1b'],
    },
    { code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', multiplier: 1.25, zones: ['ap-southeast-2a'] },
  ],
  skus: [
    { kind: 'compute', instanceType: 'm5.large', family: 'm5', hourly: 0.096, vcpu: 2, normalization: '4' },
    { kind: 'compute', instanceType: 'm5.xlarge', family: 'm5', hourly: 0.192, vcpu: 4, normalization: '8' },
    {
      kind: 'compute',
      instanceType: 'm5.2xlarge',
      family: 'm5',
      hourly: 0.384,
      vcpu: 8,
      normalization: '16',
    },
    {
      kind: 'compute',
      instanceType: 'm6i.xlarge',
      family: 'm6i',
      hourly: 0.192,
      vcpu: 4,
      normalization: '8',
    },
    {
      kind: 'compute',
      instanceType: 'm6i.2xlarge',
      family: 'm6i',
      hourly: 0.384,
      vcpu: 8,
      normalization: '16',
    },
    { kind: 'compute', instanceType: 'c5.xlarge', family: 'c5', hourly: 0.17, vcpu: 4, normalization: '8' },
    { kind: 'compute', instanceType: 'c6i.xlarge', family: 'c6i', hourly: 0.17, vcpu: 4, normalization: '8' },
    {
      kind: 'compute',
      instanceType: 'c6i.2xlarge',
      family: 'c6i',
      hourly: 0.34,
      vcpu: 8,
      normalization: '16',
    },
    { kind: 'compute', instanceType: 'r5.xlarge', family: 'r5', hourly: 0.252, vcpu: 4, normalization: '8' },
    {
      kind: 'compute',
      instanceType: 'r6g.large',
      family: 'r6g',
      hourly: 0.1008,
      vcpu: 2,
      normalization: '4',
    },
    {
      kind: 'compute',
      instanceType: 'r6g.xlarge',
      family: 'r6g',
      hourly: 0.2016,
      vcpu: 4,
      normalization: '8',
    },
    { kind: 'compute', instanceType: 't3.medium', family: 't3', hourly: 0.0416, vcpu: 2, normalization: '2' },
    {
      kind: 'compute',
      instanceType: 'm7g.xlarge',
      family: 'm7g',
      hourly: 0.1632,
      vcpu: 4,
      normalization: '8',
    },
    {
      kind: 'compute',
      instanceType: 'c7g.2xlarge',
      family: 'c7g',
      hourly: 0.289,
      vcpu: 8,
      normalization: '16',
    },
    {
      kind: 'database',
      instanceType: 'db.r6g.large',
      family: 'db.r6g',
      hourly: 0.225,
      vcpu: 2,
      engine: 'PostgreSQL',
      normalization: '4',
    },
    {
      kind: 'database',
      instanceType: 'db.m6g.xlarge',
      family: 'db.m6g',
      hourly: 0.308,
      vcpu: 4,
      engine: 'PostgreSQL',
      normalization: '8',
    },
    {
      kind: 'database',
      instanceType: 'db.r5.xlarge',
      family: 'db.r5',
      hourly: 0.5,
      vcpu: 4,
      engine: 'MySQL',
      normalization: '8',
    },
    {
      kind: 'cache',
      instanceType: 'cache.r6g.large',
      family: 'cache.r6g',
      hourly: 0.206,
      vcpu: 2,
      engine: 'Redis',
      normalization: '4',
    },
    {
      kind: 'cache',
      instanceType: 'cache.m6g.large',
      family: 'cache.m6g',
      hourly: 0.149,
      vcpu: 2,
      engine: 'Redis',
      normalization: '4',
    },
  ],
  kinds: [
    {
      type: 'EC2',
      commitmentType: 'reserved_instance',
      savingsPlan: false,
      planType: null,
      skuKind: 'compute',
      grid: RI_GRID_GRIS,
      discount: { one: 0.31, three: 0.5 },
      upfrontBonus: { partial: 0.025, all: 0.04 },
      weight: 45,
    },
    {
      type: 'Compute',
      commitmentType: 'savings_plan',
      savingsPlan: true,
      planType: 'Compute',
      skuKind: 'compute',
      grid: AWS_FULL_GRID,
      discount: { one: 0.27, three: 0.46 },
      upfrontBonus: { partial: 0.02, all: 0.035 },
      weight: 20,
    },
    {
      type: 'EC2Instance',
      commitmentType: 'savings_plan',
      savingsPlan: true,
      planType: 'EC2Instance',
      skuKind: 'compute',
      grid: AWS_FULL_GRID,
      discount: { one: 0.33, three: 0.52 },
      upfrontBonus: { partial: 0.02, all: 0.035 },
      weight: 12,
    },
    {
      type: 'RDS',
      commitmentType: 'reserved_instance',
      savingsPlan: false,
      planType: null,
      skuKind: 'database',
      grid: AWS_FULL_GRID,
      discount: { one: 0.34, three: 0.52 },
      upfrontBonus: { partial: 0.025, all: 0.04 },
      weight: 15,
    },
    {
      type: 'ElastiCache',
      commitmentType: 'reserved_instance',
      savingsPlan: false,
      planType: null,
      skuKind: 'cache',
      grid: AWS_FULL_GRID,
      discount: { one: 0.32, three: 0.5 },
      upfrontBonus: { partial: 0.025, all: 0.04 },
      weight: 8,
    },
  ],
};

const AZURE: ProviderCatalog = {
  provider: 'azure',
  productDescription: 'Linux',
  tenancy: 'Shared',
  regions: [
    { code: 'eastus', name: 'East US', multiplier: 1, zones: ['1', '2', '3'] },
    { code: 'eastus2', name: 'East US 2', multiplier: 1, zones: ['1', '2', '3'] },
    { code: 'westus2', name: 'West US 2', multiplier: 1, zones: ['1', '2'] },
    { code: 'westeurope', name: 'West Europe', multiplier: 1.1, zones: ['1', '2', '3'] },
    { code: 'northeurope', name: 'North Europe', multiplier: 1.07, zones: ['1', '2'] },
  ],
  skus: [
    { kind: 'compute', instanceType: 'Standard_D4s_v3', family: 'Standard_Dsv3', hourly: 0.192, vcpu: 4 },
    { kind: 'compute', instanceType: 'Standard_D8s_v3', family: 'Standard_Dsv3', hourly: 0.384, vcpu: 8 },
    { kind: 'compute', instanceType: 'Standard_E4s_v3', family: 'Standard_Esv3', hourly: 0.252, vcpu: 4 },
    { kind: 'compute', instanceType: 'Standard_F8s_v2', family: 'Standard_Fsv2', hourly: 0.338, vcpu: 8 },
    { kind: 'compute', instanceType: 'Standard_D4as_v5', family: 'Standard_Dasv5', hourly: 0.172, vcpu: 4 },
    { kind: 'compute', instanceType: 'Standard_B2ms', family: 'Standard_B', hourly: 0.0832, vcpu: 2 },
    {
      kind: 'database',
      instanceType: 'SQLDB_GP_Gen5_4',
      family: 'SQL Database GP Gen5',
      hourly: 0.505,
      vcpu: 4,
      engine: 'SQL Server',
    },
    {
      kind: 'database',
      instanceType: 'SQLDB_GP_Gen5_8',
      family: 'SQL Database GP Gen5',
      hourly: 1.01,
      vcpu: 8,
      engine: 'SQL Server',
    },
  ],
  kinds: [
    {
      type: 'VirtualMachines',
      commitmentType: 'reservation',
      savingsPlan: false,
      planType: null,
      skuKind: 'compute',
      grid: AZURE_VM_GRID,
      discount: { one: 0.36, three: 0.57 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 60,
    },
    {
      type: 'SqlDatabases',
      commitmentType: 'reservation',
      savingsPlan: false,
      planType: null,
      skuKind: 'database',
      grid: NO_ALL_GRID,
      discount: { one: 0.33, three: 0.55 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 20,
    },
    {
      type: 'ComputeSavingsPlan',
      commitmentType: 'savings_plan',
      savingsPlan: true,
      planType: 'Compute',
      skuKind: 'compute',
      grid: NO_ALL_GRID,
      discount: { one: 0.26, three: 0.45 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 20,
    },
  ],
};

const GCP: ProviderCatalog = {
  provider: 'gcp',
  productDescription: 'Linux',
  tenancy: 'Shared',
  regions: [
    {
      code: 'us-central1',
      name: 'Iowa',
      multiplier: 1,
      zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'],
    },
    { code: 'us-east1', name: 'South Carolina', multiplier: 1, zones: ['us-east1-b', 'us-east1-c'] },
    { code: 'europe-west1', name: 'Belgium', multiplier: 1.1, zones: ['europe-west1-b', 'europe-west1-c'] },
    {
      code: 'europe-west4',
      name: 'Netherlands',
      multiplier: 1.1,
      zones: ['europe-west4-a', 'europe-west4-b'],
    },
  ],
  skus: [
    { kind: 'compute', instanceType: 'n2-standard-4', family: 'n2', hourly: 0.194236, vcpu: 4 },
    { kind: 'compute', instanceType: 'n2-standard-8', family: 'n2', hourly: 0.388472, vcpu: 8 },
    { kind: 'compute', instanceType: 'e2-standard-4', family: 'e2', hourly: 0.134012, vcpu: 4 },
    { kind: 'compute', instanceType: 'c2-standard-8', family: 'c2', hourly: 0.4176, vcpu: 8 },
    { kind: 'compute', instanceType: 'n2d-standard-4', family: 'n2d', hourly: 0.168984, vcpu: 4 },
    { kind: 'compute', instanceType: 'n1-standard-4', family: 'n1', hourly: 0.189999, vcpu: 4 },
    {
      kind: 'database',
      instanceType: 'db-custom-4-16384',
      family: 'Cloud SQL',
      hourly: 0.4026,
      vcpu: 4,
      engine: 'PostgreSQL',
    },
  ],
  kinds: [
    {
      type: 'ComputeEngine',
      commitmentType: 'committed_use_discount',
      savingsPlan: false,
      planType: null,
      skuKind: 'compute',
      grid: GCP_CE_GRID,
      discount: { one: 0.37, three: 0.55 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 60,
    },
    {
      type: 'CloudSQL',
      commitmentType: 'committed_use_discount',
      savingsPlan: false,
      planType: null,
      skuKind: 'database',
      grid: NO_UPFRONT_GRID,
      discount: { one: 0.25, three: 0.52 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 15,
    },
    {
      type: 'FlexibleCUD',
      commitmentType: 'committed_use_discount',
      savingsPlan: true,
      planType: 'Flexible',
      skuKind: 'compute',
      grid: NO_UPFRONT_GRID,
      discount: { one: 0.28, three: 0.46 },
      upfrontBonus: { partial: 0, all: 0 },
      weight: 25,
    },
  ],
};

export const CATALOG: Record<CloudProvider, ProviderCatalog> = { aws: AWS, azure: AZURE, gcp: GCP };

/** Discount vs on-demand for a kind at (term, payment). GRIs price like the one-year term. */
export function discountFor(kind: CommitmentKind, term: Term, payment: Payment): number {
  const base = term === 'three_year' ? kind.discount.three : kind.discount.one;
  const termAdjust = term === 'thirty_day_gris' ? -0.03 : 0;
  const bonus =
    payment === 'all_upfront'
      ? kind.upfrontBonus.all
      : payment === 'partial_upfront'
        ? kind.upfrontBonus.partial
        : 0;
  return base + termAdjust + bonus;
}

export function skusOfKind(catalog: ProviderCatalog, kind: CommitmentKind): readonly Sku[] {
  return catalog.skus.filter((s) => s.kind === kind.skuKind);
}

export function termLabel(term: Term): string {
  switch (term) {
    case 'thirty_day_gris':
      return '30-day GRI';
    case 'one_year_gris':
      return '1yr GRI';
    case 'one_year':
      return '1yr';
    case 'three_year':
      return '3yr';
  }
}
