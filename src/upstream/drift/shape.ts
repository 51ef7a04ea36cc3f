/**
 * The subset of JSON Schema 2020-12 (OpenAPI 3.1) that our specs use, normalised into a small `Shape`:
 * which JSON types a value may have, a string enum, declared properties (required or not), what undeclared
 * properties may be, and array items. `$ref`s are resolved and `anyOf: [X, {type: "null"}]` folds into X
 * with null allowed.
 *
 * Anything outside the subset (oneOf, allOf, not, const, patternProperties, if/then/else, …) is refused
 * with a SpecError when the checker is built, so a spec change can never be checked only half-way in
 * silence. Validation keywords that no drift kind describes (format, minimum, pattern, …) are ignored on
 * purpose: the drift kinds are missing, null, type, enum_value and unknown_field.
 */
import { isRecord } from '../values';
import { resolvePointer, SpecError, type SpecFile } from './spec';

export const T_NULL = 1;
export const T_BOOLEAN = 2;
export const T_INTEGER = 4;
export const T_NUMBER = 8;
export const T_STRING = 16;
export const T_ARRAY = 32;
export const T_OBJECT = 64;
export const T_ANY = 127;

const TYPE_BITS: Readonly<Record<string, number>> = {
  null: T_NULL,
  boolean: T_BOOLEAN,
  integer: T_INTEGER,
  number: T_NUMBER | T_INTEGER,
  string: T_STRING,
  array: T_ARRAY,
  object: T_OBJECT,
};

export interface PropertyShape {
  name: string;
  required: boolean;
  shape: Shape;
}

export interface Shape {
  /** Allowed JSON types (T_* bits); T_NUMBER always comes with T_INTEGER. */
  mask: number;
  /** String members of an enum; absent when the schema has no enum. */
  enumValues?: readonly string[];
  /** Declared properties, when the value is an object. */
  properties: readonly PropertyShape[];
  /** Undeclared properties: 'unknown' (drift), 'any' (a free-form object), or the shape of a map's values. */
  additional: Shape | 'any' | 'unknown';
  /** Items of an array; absent means any items. */
  items?: Shape;
}

export const ANY_SHAPE: Shape = Object.freeze({ mask: T_ANY, properties: [], additional: 'any' });

/** Keywords that only describe (or constrain in ways no drift kind covers): accepted and ignored. */
const IGNORED = new Set([
  '$comment',
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'format',
  'contentMediaType',
  'contentEncoding',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'externalDocs',
  'xml',
]);
const STRUCTURAL = new Set([
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
]);

class ShapeBuilder {
  private readonly stack: string[] = [];

  constructor(private readonly file: SpecFile) {}

  fail(where: string, message: string): never {
    throw new SpecError(`drift checker: ${this.file.name}: ${where}: ${message}`);
  }

  shape(schema: unknown, where: string): Shape {
    if (schema === true) return ANY_SHAPE;
    if (!isRecord(schema)) return this.fail(where, 'a schema must be an object or true');
    for (const key of Object.keys(schema)) {
      if (key.startsWith('x-') || IGNORED.has(key) || STRUCTURAL.has(key) || key === '$ref') continue;
      this.fail(where, `unsupported JSON Schema keyword "${key}"`);
    }
    const ref = schema['$ref'];
    if (ref !== undefined) {
      if (typeof ref !== 'string') return this.fail(where, '$ref must be a string');
      const constraining = Object.keys(schema).filter((k) => STRUCTURAL.has(k));
      if (constraining.length > 0)
        this.fail(where, `$ref beside ${constraining.join(', ')} is not supported`);
      if (this.stack.includes(ref)) this.fail(where, `recursive schema ${ref} is not supported`);
      this.stack.push(ref);
      try {
        return this.shape(resolvePointer(this.file, ref), ref);
      } finally {
        this.stack.pop();
      }
    }
    if (schema['anyOf'] !== undefined) return this.anyOf(schema, where);
    return this.plain(schema, where);
  }

  /** `anyOf` where at most one branch has structure and the others are bare types, e.g. [X, {type: null}]. */
  private anyOf(schema: Record<string, unknown>, where: string): Shape {
    const branches = schema['anyOf'];
    if (!Array.isArray(branches) || branches.length === 0)
      return this.fail(where, 'anyOf must be a non-empty array');
    const others = Object.keys(schema).filter((k) => STRUCTURAL.has(k) && k !== 'anyOf');
    if (others.length > 0) this.fail(where, `anyOf beside ${others.join(', ')} is not supported`);
    let structured: Shape | undefined;
    let bareMask = 0;
    branches.forEach((branch, i) => {
      const shape = this.shape(branch, `${where}/anyOf/${i}`);
      const bare =
        shape.enumValues === undefined &&
        shape.properties.length === 0 &&
        shape.additional === 'any' &&
        shape.items === undefined;
      if (bare) {
        bareMask |= shape.mask;
      } else if (structured) {
        this.fail(where, 'anyOf with more than one structured branch is not supported');
      } else {
        structured = shape;
      }
    });
    if (!structured) return { mask: bareMask, properties: [], additional: 'any' };
    if (bareMask & structured.mask & ~T_NULL)
      this.fail(where, 'anyOf branches that overlap in type are not supported');
    return { ...structured, mask: structured.mask | bareMask };
  }

  private plain(schema: Record<string, unknown>, where: string): Shape {
    let mask = T_ANY;
    const type = schema['type'];
    if (type !== undefined) {
      const names = Array.isArray(type) ? type : [type];
      mask = 0;
      for (const name of names) {
        const bit = typeof name === 'string' ? TYPE_BITS[name] : undefined;
        if (bit === undefined) this.fail(where, `unknown type ${JSON.stringify(name)}`);
        mask |= bit;
      }
    }

    let enumValues: string[] | undefined;
    if (schema['enum'] !== undefined) {
      const members = schema['enum'];
      if (!Array.isArray(members)) return this.fail(where, 'enum must be an array');
      enumValues = [];
      let enumMask = 0;
      for (const member of members) {
        if (member === null) enumMask |= T_NULL;
        else if (typeof member === 'string') {
          enumMask |= T_STRING;
          enumValues.push(member);
        } else
          this.fail(
            where,
            `enum members other than strings and null are not supported (${JSON.stringify(member)})`,
          );
      }
      // A value must satisfy both `type` and `enum`: null only if both allow it.
      mask &= enumMask;
      if (mask === 0) this.fail(where, 'type and enum allow no value');
    }

    const properties: PropertyShape[] = [];
    const declared = schema['properties'];
    if (declared !== undefined) {
      if (!isRecord(declared)) return this.fail(where, 'properties must be an object');
      const required = schema['required'] ?? [];
      if (!Array.isArray(required) || !required.every((r) => typeof r === 'string'))
        return this.fail(where, 'required must be an array of names');
      for (const [name, sub] of Object.entries(declared)) {
        if (name in Object.prototype) this.fail(where, `property name "${name}" is not supported`);
        properties.push({
          name,
          required: required.includes(name),
          shape: this.shape(sub, `${where}.${name}`),
        });
      }
      for (const name of required as string[]) {
        if (!Object.hasOwn(declared, name)) properties.push({ name, required: true, shape: ANY_SHAPE });
      }
    } else if (schema['required'] !== undefined) {
      this.fail(where, 'required without properties is not supported');
    }

    let additional: Shape['additional'];
    const extra = schema['additionalProperties'];
    if (extra === undefined) additional = properties.length > 0 ? 'unknown' : 'any';
    else if (extra === false) additional = 'unknown';
    else if (extra === true) additional = 'any';
    else {
      const values = this.shape(extra, `${where}.*`);
      additional = values === ANY_SHAPE || isUnconstrained(values) ? 'any' : values;
    }

    let items: Shape | undefined;
    if (schema['items'] !== undefined) {
      const itemShape = this.shape(schema['items'], `${where}[]`);
      if (!isUnconstrained(itemShape)) items = itemShape;
    }

    return {
      mask,
      ...(enumValues ? { enumValues } : {}),
      properties,
      additional,
      ...(items ? { items } : {}),
    };
  }
}

/** Accepts every JSON value. */
export function isUnconstrained(shape: Shape): boolean {
  return (
    shape.mask === T_ANY &&
    shape.enumValues === undefined &&
    shape.properties.length === 0 &&
    shape.additional === 'any' &&
    shape.items === undefined
  );
}

export function schemaShape(file: SpecFile, schema: unknown, where: string): Shape {
  return new ShapeBuilder(file).shape(schema, where);
}
