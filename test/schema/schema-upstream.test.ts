/**
 * The graph and the upstream specs agree: every upstream field is reachable under its camelCase name,
 * every GraphQL field reads an upstream field (or has a resolver), nullability never promises more than the
 * spec does, and every enum is the SCREAMING_CASE of the upstream values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type GraphQLEnumType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isNonNullType,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema } from '../../src/server/schema';
import { snakeCase } from '../../src/upstream/values';
import { screamingCase } from '../../src/schema/enums';
import { resolvers } from '../../src/resolvers';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  $ref?: string;
};
const root = path.resolve(__dirname, '../..');
const spec = (
  file: string,
): {
  components: { schemas: Record<string, JsonSchema> };
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: JsonSchema }> }>>;
} => JSON.parse(readFileSync(path.join(root, 'openapi', file), 'utf8'));
const v1 = spec('archera-v1.openapi.json');
const v2 = spec('archera-v2-partner.openapi.json');
const beta = spec('archera-beta-commitments.openapi.json');

/** GraphQL type -> the upstream schema it is read from. */
const MAPPED: Record<string, JsonSchema> = {
  CommitmentPlan: v1.components.schemas.CommitmentPlan!,
  LineItem: v1.components.schemas.CommitmentPlanLineItem_Exclude_CoveredServices!,
  ContractSpec: v1.components.schemas.PurchasePlanContractSpec!,
  Offer: v1.components.schemas.CommitmentOffer!,
  ResourceMatch: v1.components.schemas.CommitmentPlanResourceMatch!,
  ResourceSku: v1.components.schemas.ResourceSKU!,
  PartnerPlan: v2.components.schemas.PartnerPlan!,
  PartnerPlanRisk: v2.components.schemas.PartnerPlanRisk!,
  PartnerPlanConfiguration: v2.components.schemas.PartnerPlanConfiguration!,
  Commitment: beta.components.schemas.Commitment!,
  CommitmentDetails: beta.components.schemas.CommitmentDetails!,
  CommitmentDailyUtilization: beta.components.schemas.DailyUtilization!,
  CommitmentAttribution: beta.components.schemas.Attribution!,
  CommitmentAttributedResource: beta.components.schemas.AttributedResource!,
  CommitmentPortfolioSummary: beta.components.schemas.CommitmentSummary!,
  CommitmentTermBreakdown: beta.components.schemas.BreakdownByTerm!,
  CommitmentTypeBreakdown: beta.components.schemas.BreakdownByType!,
  CommitmentMetrics: beta.components.schemas.CommitmentMetrics!,
  CommitmentMetricValues: beta.components.schemas.MetricsValues!,
  CommitmentDailyMetrics: beta.components.schemas.DailyMetrics!,
  CommitmentComparison: beta.components.schemas.CommitmentComparison!,
  CommitmentComparisonEntry: beta.components.schemas.CommitmentComparisonEntry!,
  CommitmentComparisonOption: beta.components.schemas.ComparisonOption!,
  CommitmentFinancials: beta.components.schemas.CommitmentFinancials!,
  CommitmentSavings: beta.components.schemas.CommitmentSavings!,
  CommitmentHypotheticalTotal: beta.components.schemas.HypotheticalTotal!,
  CommitmentResolution: beta.components.schemas.CommitmentResolution!,
  SkippedCommitment: beta.components.schemas.SkippedCommitment!,
  CommitmentAttribute: beta.components.schemas.CommitmentAttribute!,
  CommitmentCoverage: beta.components.schemas.CommitmentCoverage!,
  CommitmentDailyCoverage: beta.components.schemas.DailyCoverage!,
};
/** Types read from a spec we inferred from prose: only identity fields may be non-null there. */
const INFERRED = new Set(
  Object.entries(MAPPED)
    .filter(
      ([, upstream]) =>
        Object.values(v2.components.schemas).includes(upstream) ||
        Object.values(beta.components.schemas).includes(upstream),
    )
    .map(([name]) => name),
);
/** Fields the gateway guarantees (ids, and links it builds from them). */
const IDENTITY = new Set(['id', 'archeraId', 'org', 'orgId', 'commitmentId', 'field']);
/** Upstream fields reached under another name: Node types expose the upstream id as archeraId. */
const RENAMED: Record<string, string> = { id: 'archeraId' };

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema();
});

function hasResolver(type: string, field: string): boolean {
  const map = (resolvers as Record<string, Record<string, unknown> | undefined>)[type];
  return map !== undefined && field in map;
}

/** `statusRaw` beside an enum field `status` that has the OTHER fallback: the value as Archera sent it. */
function isRawField(type: GraphQLObjectType, name: string): boolean {
  const sibling = name.endsWith('Raw') ? type.getFields()[name.slice(0, -3)] : undefined;
  const named = sibling && getNamedType(sibling.type);
  return named !== undefined && isEnumType(named) && named.getValue('OTHER') !== undefined;
}

function nullable(prop: JsonSchema, required: boolean): boolean {
  const types = Array.isArray(prop.type) ? prop.type : [prop.type];
  return (
    !required ||
    types.includes('null') ||
    (prop.enum?.includes(null) ?? false) ||
    (prop.anyOf?.some((a) => a.type === 'null') ?? false)
  );
}

describe.each(Object.entries(MAPPED))('%s', (typeName, upstream) => {
  it('reaches every upstream field under its camelCase name', () => {
    const type = schema.getType(typeName) as GraphQLObjectType;
    const fields = type.getFields();
    for (const prop of Object.keys(upstream.properties ?? {})) {
      // The details endpoint repeats the commitment's own fields; the graph has them once, on Commitment.
      if (typeName === 'CommitmentDetails' && prop in beta.components.schemas.Commitment!.properties!)
        continue;
      const camel = prop.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      const name = prop === 'id' && 'archeraId' in fields ? RENAMED.id! : camel;
      expect({ prop, reachable: name in fields }).toEqual({ prop, reachable: true });
    }
  });

  it('reads each field from the upstream (or has a resolver), never promising non-null where the spec allows null', () => {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      if (INFERRED.has(typeName) && isNonNullType(field.type)) {
        expect({ field: field.name, nonNullAllowed: IDENTITY.has(field.name) }).toEqual({
          field: field.name,
          nonNullAllowed: true,
        });
      }
      if (isRawField(type, field.name)) {
        expect({ field: field.name, resolves: typeof field.resolve }).toEqual({
          field: field.name,
          resolves: 'function',
        });
        continue;
      }
      if (hasResolver(typeName, field.name)) continue;
      const prop = snakeCase(field.name);
      const upstreamProp = upstream.properties?.[prop];
      expect({ field: field.name, upstreamField: upstreamProp ? prop : undefined }).toEqual({
        field: field.name,
        upstreamField: prop,
      });
      if (isNonNullType(field.type)) {
        expect({
          field: field.name,
          nullableUpstream: nullable(upstreamProp!, upstream.required?.includes(prop) ?? false),
        }).toEqual({
          field: field.name,
          nullableUpstream: false,
        });
      }
    }
  });
});

describe('enums', () => {
  const param = (paths: typeof v1.paths, p: string, name: string): unknown[] =>
    paths[p]!.get!.parameters!.find((x) => x.name === name)!.schema.enum!;
  const upstreamEnums: Record<string, unknown[]> = {
    CloudProvider: v1.components.schemas.CommitmentOffer!.properties!.provider!.enum!,
    CommitmentPlanStatus: v1.components.schemas.CommitmentPlan!.properties!.status!.enum!,
    ContractTerm:
      v1.components.schemas.CommitmentPlanLineItem_Exclude_CoveredServices!.properties!.contract_term!.enum!,
    PaymentOption: beta.components.schemas.ComparisonOption!.properties!.payment_option!.enum!,
    OfferingClass: v1.components.schemas.CommitmentOffer!.properties!.offering_class!.enum!,
    LineItemOrderField: param(v1.paths, '/v1/org/{org_id}/commitment-plans/{plan_id}/line-items', 'order_by'),
    ResourceMatchOrderField: param(
      v1.paths,
      '/v1/org/{org_id}/commitment-plans/{plan_id}/resource-matches',
      'order_by',
    ),
    ResourceUsageType: v1.components.schemas.CommitmentPlanResourceMatch!.properties!.usage_type!.enum!,
    CommitmentStatus: beta.components.schemas.Commitment!.properties!.status!.enum!,
    GuaranteeMethod: beta.components.schemas.Commitment!.properties!.guarantee_method!.enum!,
    CommitmentOrderField: param(beta.paths, '/beta/v1/org/{org_id}/commitments', 'order_by'),
    CommitmentAttributeType: beta.components.schemas.CommitmentAttribute!.properties!.type!.enum!,
    PartnerPlanRiskLevel: v2.components.schemas.PartnerPlanRisk!.properties!.risk_level!.enum!,
    CommitmentResolutionKind: beta.components.schemas.CommitmentResolution!.properties!.resolution!.enum!,
  };

  it.each(Object.entries(upstreamEnums))(
    '%s is the SCREAMING_CASE of the upstream values, mapped to them, with the OTHER fallback when read from upstream',
    (name, values) => {
      const type = schema.getType(name) as GraphQLEnumType;
      const upstream = values.filter((v): v is string => typeof v === 'string');
      const inputOnly = name.endsWith('OrderField');
      expect(
        type
          .getValues()
          .map((v) => v.name)
          .sort(),
      ).toEqual([...upstream.map(screamingCase), ...(inputOnly ? [] : ['OTHER'])].sort());
      for (const value of type.getValues()) {
        if (value.name !== 'OTHER') expect(screamingCase(String(value.value))).toBe(value.name);
      }
      expect(upstream.every((v) => type.getValues().some((gv) => gv.value === v))).toBe(true);
    },
  );

  it('maps v1 payment options (No Upfront) to the same enum as beta (no_upfront)', () => {
    const type = schema.getType('PaymentOption') as GraphQLEnumType;
    expect(type.serialize('no_upfront')).toBe('NO_UPFRONT');
    expect(type.serialize('No Upfront')).toBe('NO_UPFRONT');
  });

  it('reads upstream values ignoring case and separators, and unknown ones as OTHER', () => {
    const provider = schema.getType('CloudProvider') as GraphQLEnumType;
    expect(provider.serialize('AWS')).toBe('AWS');
    expect(provider.serialize('aws')).toBe('AWS');
    expect(provider.serialize('oracle')).toBe('OTHER');
    expect(provider.serialize(42)).toBe('OTHER');
    const status = schema.getType('CommitmentPlanStatus') as GraphQLEnumType;
    expect(status.serialize('Needs Review')).toBe('NEEDS_REVIEW');
    expect(status.serialize('archived')).toBe('OTHER');
  });

  it('refuses OTHER as an argument', () => {
    const provider = schema.getType('CloudProvider') as GraphQLEnumType;
    expect(() => provider.parseValue('OTHER')).toThrow(/cannot be used as an argument/);
    expect(provider.parseValue('AWS')).toBe('aws');
  });
});
