/**
 * Enums read from the upstream never fail a field (README, "The upstream as it really answers"). Every
 * such enum declares an `OTHER` member in schema/: a value is matched to the enum's upstream values
 * ignoring case and separators (`AWS`, `aws`, `No Upfront`, `no_upfront`), and a value the gateway does not
 * know becomes `OTHER`. The value as Archera sent it is always readable in the sibling field whose name ends
 * in `Raw` (`status` -> `statusRaw`). `OTHER` is output only: as an argument it is refused before anything runs.
 */
import {
  GraphQLError,
  getNamedType,
  isEnumType,
  isObjectType,
  type GraphQLEnumType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { snakeCase } from '../upstream/values';

const FALLBACK_ENUM_VALUE = 'OTHER';
const RAW_SUFFIX = 'Raw';

/** `No Upfront`, `no-upfront` and `NO_UPFRONT` all read as `no_upfront`. */
function normalizeEnumValue(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

function refuseFallback(type: GraphQLEnumType): GraphQLError {
  return new GraphQLError(
    `${type.name}.${FALLBACK_ENUM_VALUE} stands for values this gateway does not know yet; it cannot be used as an argument.`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

function makeTolerant(type: GraphQLEnumType): void {
  const byValue = new Map<unknown, string>();
  const byNormalized = new Map<string, string>();
  for (const value of type.getValues()) {
    if (value.name === FALLBACK_ENUM_VALUE) continue;
    byValue.set(value.value, value.name);
    if (typeof value.value === 'string') byNormalized.set(normalizeEnumValue(value.value), value.name);
  }
  type.serialize = (value: unknown): string =>
    byValue.get(value) ??
    (typeof value === 'string' ? byNormalized.get(normalizeEnumValue(value)) : undefined) ??
    FALLBACK_ENUM_VALUE;
  const parseValue = type.parseValue.bind(type);
  const parseLiteral = type.parseLiteral.bind(type);
  type.parseValue = (input) => {
    if (input === FALLBACK_ENUM_VALUE) throw refuseFallback(type);
    return parseValue(input);
  };
  type.parseLiteral = (node, variables) => {
    if (node.kind === 'EnumValue' && node.value === FALLBACK_ENUM_VALUE) throw refuseFallback(type);
    return parseLiteral(node, variables);
  };
}

/** The upstream value behind `field`, as text: what the `…Raw` field answers. */
function rawResolver(field: string): GraphQLFieldResolver<unknown, unknown> {
  const property = snakeCase(field);
  return (source) => {
    const value = (source as Record<string, unknown> | null | undefined)?.[property];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : null;
  };
}

/** Makes the schema's upstream enums tolerant and wires their `…Raw` fields. Once per schema. */
export function applyTolerantEnums(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isEnumType(type) && type.getValue(FALLBACK_ENUM_VALUE)) makeTolerant(type);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    for (const [name, field] of Object.entries(fields)) {
      if (!name.endsWith(RAW_SUFFIX)) continue;
      const sibling = fields[name.slice(0, -RAW_SUFFIX.length)];
      const enumType = sibling && getNamedType(sibling.type);
      if (enumType && isEnumType(enumType) && enumType.getValue(FALLBACK_ENUM_VALUE)) {
        field.resolve = rawResolver(sibling.name);
      }
    }
  }
}
