/**
 * Cloud resources as Archera's ResourceSKU records: one running resource (instance, database, cache node)
 * with its SKU's pricing attributes. Every field of the schema is filled with a value of the right shape
 * for the provider.
 */
import type { ResourceSku } from '../../upstream/types';
import type { CloudProvider, Region, Sku } from './catalog';
import { isoDate } from './calendar';
import type { Rng } from './prng';

const TEAMS = [
  'checkout',
  'payments',
  'search',
  'catalog',
  'orders',
  'auth',
  'reporting',
  'ml',
  'web',
  'ingest',
];
const ROLES = ['api', 'worker', 'web', 'batch', 'etl', 'stream'];
const AWS_USAGE_PREFIX: Record<string, string> = {
  'us-east-1': '',
  'us-east-2': 'USE2-',
  'us-west-2': 'USW2-',
  'eu-west-1': 'EUW1-',
  'eu-central-1': 'EUC1-',
  'ap-southeast-2': 'APS2-',
};
const PUBLICATION: Record<CloudProvider, string> = {
  aws: '2026-11-20T18:34:12Z',
  azure: '2026-11-01T00:00:00Z',
  gcp: '2026-11-18T09:12:44Z',
};
const AWS_VERSION = '20261120183412';
const ENVS = [
  ['prod', 6],
  ['staging', 2],
  ['dev', 1],
] as const;

export interface ResourceInput {
  provider: CloudProvider;
  region: Region;
  sku: Sku;
  accountId: string;
  billingAccountId: string;
  orgSlug: string;
  usageStartDay: number;
  usageEndDay: number;
}

/** A name like checkout-api-07 (or orders-pg-primary for databases). */
function resourceName(rng: Rng, sku: Sku): string {
  const team = rng.pick(TEAMS);
  if (sku.kind === 'database')
    return `${team}-${rng.pick(['pg', 'db'])}-${rng.pick(['primary', 'replica', 'analytics'])}-${rng.int(1, 9)}`;
  if (sku.kind === 'cache') return `${team}-redis-${rng.int(1, 9)}`;
  return `${team}-${rng.pick(ROLES)}-${String(rng.int(1, 40)).padStart(2, '0')}`;
}

/** Provider-specific fields of a ResourceSKU. */
type ProviderFields = Pick<
  ResourceSku,
  | 'provider_resource_id'
  | 'instance_id'
  | 'resource_group'
  | 'tags'
  | 'sku_title'
  | 'sku_name'
  | 'availability_zone'
  | 'description'
  | 'family'
  | 'license_model'
  | 'location_type'
  | 'normalization_size_factor'
  | 'operating_system'
  | 'pre_installed_sw'
  | 'provider_service'
  | 'provider_sku_id'
  | 'service'
  | 'tenancy'
  | 'usage_type'
  | 'version'
  | 'vpc_networking_support'
  | 'ondemand_usage_unit'
>;

function awsFields(
  rng: Rng,
  input: ResourceInput,
  name: string,
  team: string,
  env: string,
  zone: string,
  price: number,
): ProviderFields {
  const { region, sku, accountId } = input;
  const service =
    sku.kind === 'database'
      ? (['AmazonRDS', 'Amazon Relational Database Service', 'Database Instance', 'InstanceUsage'] as const)
      : sku.kind === 'cache'
        ? (['AmazonElastiCache', 'Amazon ElastiCache', 'Cache Instance', 'NodeUsage'] as const)
        : (['AmazonEC2', 'Amazon Elastic Compute Cloud', 'Compute Instance', 'BoxUsage'] as const);
  const instanceId = sku.kind === 'compute' ? `i-0${rng.hex(16)}` : name;
  const arn =
    sku.kind === 'database'
      ? `arn:aws:rds:${region.code}:${accountId}:db:${name}`
      : sku.kind === 'cache'
        ? `arn:aws:elasticache:${region.code}:${accountId}:cluster:${name}`
        : `arn:aws:ec2:${region.code}:${accountId}:instance/${instanceId}`;
  const os = sku.kind === 'compute' ? 'Linux' : null;
  const product = os ?? sku.engine ?? 'Linux';
  return {
    provider_resource_id: arn,
    instance_id: instanceId,
    resource_group: null,
    tags: { Name: name, env, team, 'cost-center': `cc-${1000 + ((team.length * 37) % 900)}` },
    sku_title: `${sku.instanceType} ${product} ${region.code} On-Demand`,
    sku_name: sku.instanceType,
    availability_zone: zone,
    description: `$${price} per On Demand ${product} ${sku.instanceType} Instance Hour`,
    family: service[2],
    license_model: 'No License required',
    location_type: 'AWS Region',
    normalization_size_factor: sku.normalization ?? null,
    operating_system: os,
    pre_installed_sw: sku.kind === 'compute' ? 'NA' : null,
    provider_service: service[0],
    provider_sku_id: rng.code(16),
    service: service[1],
    tenancy: 'Shared',
    usage_type: `${AWS_USAGE_PREFIX[region.code] ?? ''}${service[3]}:${sku.instanceType}`,
    version: AWS_VERSION,
    vpc_networking_support: true,
    ondemand_usage_unit: 'Hrs',
  };
}

function azureFields(
  rng: Rng,
  input: ResourceInput,
  name: string,
  team: string,
  env: string,
  zone: string,
): ProviderFields {
  const { region, sku, accountId } = input;
  const group = `rg-${team}-${env}`;
  const isDb = sku.kind === 'database';
  const meter = sku.instanceType.replace(/^Standard_/, '').replace(/_/g, ' ');
  return {
    provider_resource_id: isDb
      ? `/subscriptions/${accountId}/resourceGroups/${group}/providers/Microsoft.Sql/servers/sql-${input.orgSlug}-${env}/databases/${name}`
      : `/subscriptions/${accountId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${name}`,
    instance_id: rng.uuid(),
    resource_group: group,
    tags: { environment: env, team, owner: `${team}@${input.orgSlug}.example` },
    sku_title: `${sku.instanceType} ${isDb ? 'SQL Database' : 'Linux'} ${region.name}`,
    sku_name: meter,
    availability_zone: isDb ? null : zone,
    description: isDb
      ? `SQL Database General Purpose ${sku.vcpu} vCore`
      : `Virtual Machines ${meter} Series Linux`,
    family: isDb ? 'Databases' : 'Compute',
    license_model: null,
    location_type: 'Azure Region',
    normalization_size_factor: null,
    operating_system: isDb ? null : 'Linux',
    pre_installed_sw: null,
    provider_service: isDb ? 'Microsoft.Sql' : 'Microsoft.Compute',
    provider_sku_id: `${rng.code(12)}/${rng.code(4)}`,
    service: isDb ? 'SQL Database' : 'Virtual Machines',
    tenancy: null,
    usage_type: meter,
    version: null,
    vpc_networking_support: null,
    ondemand_usage_unit: '1 Hour',
  };
}

function gcpFields(rng: Rng, input: ResourceInput, name: string, env: string, zone: string): ProviderFields {
  const { region, sku, accountId } = input;
  const isDb = sku.kind === 'database';
  const series = sku.family.toUpperCase();
  return {
    provider_resource_id: isDb
      ? `//cloudsql.googleapis.com/projects/${accountId}/instances/${name}`
      : `//compute.googleapis.com/projects/${accountId}/zones/${zone}/instances/${name}`,
    instance_id: rng.digits(19),
    resource_group: null,
    tags: {
      env,
      team: name.split('-')[0] ?? 'platform',
      'managed-by': rng.pick(['terraform', 'gke', 'manual']),
    },
    sku_title: `${sku.instanceType} running in ${region.name}`,
    sku_name: isDb ? 'Cloud SQL for PostgreSQL: Zonal - vCPU' : `${series} Predefined Instance Core`,
    availability_zone: zone,
    description: isDb
      ? `Cloud SQL for PostgreSQL: Zonal - vCPU in ${region.name}`
      : `${series} Instance Core running in ${region.name}`,
    family: isDb ? 'Cloud SQL' : 'Compute',
    license_model: null,
    location_type: 'GCP Region',
    normalization_size_factor: null,
    operating_system: isDb ? null : 'Linux',
    pre_installed_sw: null,
    provider_service: isDb ? 'sqladmin.googleapis.com' : 'compute.googleapis.com',
    provider_sku_id: `${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}`.toUpperCase(),
    service: isDb ? 'Cloud SQL' : 'Compute Engine',
    tenancy: null,
    usage_type: isDb ? 'vCPU' : `${series} Instance Core`,
    version: null,
    vpc_networking_support: null,
    ondemand_usage_unit: 'h',
  };
}

/** One object literal in the schema's field order (no spreads: they made generation 10x slower). */
export function buildResourceSku(rng: Rng, input: ResourceInput): ResourceSku {
  const { provider, region, sku } = input;
  const name = resourceName(rng, sku);
  const team = name.split('-')[0] ?? 'platform';
  const env = rng.weighted(ENVS);
  const zone = rng.pick(region.zones);
  const resourceId = rng.uuid();
  const id = `sku_${rng.hex(24)}`;
  const price = Math.round(sku.hourly * region.multiplier * 10_000) / 10_000;
  const f =
    provider === 'aws'
      ? awsFields(rng, input, name, team, env, zone, price)
      : provider === 'azure'
        ? azureFields(rng, input, name, team, env, zone)
        : gcpFields(rng, input, name, env, zone);
  const usageStart = isoDate(input.usageStartDay);
  const usageEnd = isoDate(input.usageEndDay);
  return {
    id,
    resource_id: resourceId,
    provider,
    provider_resource_id: f.provider_resource_id,
    is_spot: false,
    name,
    resource_group: f.resource_group,
    usage_end: usageEnd,
    usage_start: usageStart,
    tags: f.tags,
    created_at: usageStart,
    updated_at: usageEnd,
    instance_id: f.instance_id,
    billing_account_id: input.billingAccountId,
    sub_account_id: input.accountId,
    management_account_id: input.billingAccountId,
    owner_account_id: input.accountId,
    sku_title: f.sku_title,
    sku_name: f.sku_name,
    availability_zone: f.availability_zone,
    cache_engine: sku.kind === 'cache' ? (sku.engine ?? null) : null,
    database_engine: sku.kind === 'database' ? (sku.engine ?? null) : null,
    description: f.description,
    family: f.family,
    full_region_name: region.name,
    has_ondemand_terms: true,
    instance_type: sku.instanceType,
    instance_type_family: sku.family,
    is_reservable: true,
    license_model: f.license_model,
    location_type: f.location_type,
    normalization_size_factor: f.normalization_size_factor,
    operating_system: f.operating_system,
    pre_installed_sw: f.pre_installed_sw,
    price_currency: 'USD',
    provider_service: f.provider_service,
    provider_sku_id: f.provider_sku_id,
    publication_date: PUBLICATION[provider],
    region: region.code,
    service: f.service,
    tenancy: f.tenancy,
    usage_type: f.usage_type,
    version: f.version,
    vpc_networking_support: f.vpc_networking_support,
    ondemand_usage_unit: f.ondemand_usage_unit,
  };
}
