/**
 * The drift checker: every upstream answer checked against its spec, cheaply, to count where the real API
 * differs from openapi/. Each endpoint's 2xx `application/json` schema is compiled once, at start-up, into
 * a tree of closures that know their field path, their finding slots and their allowed types; checking an
 * answer walks the value only. A faithful answer allocates nothing (the result is a shared empty array).
 *
 * Findings are bounded: each (kind, field) is reported at most once per answer, `field` never holds an
 * index or an id (`data[].options[].payment_option`, `[].offer.provider`), and unknown property names are
 * capped per endpoint (beyond the cap, or when they look like data, they are reported as `(other)`).
 * `value` is set only for `enum_value` (the unseen value, for people; telemetry should drop it).
 */
import { UPSTREAM_ENDPOINTS, type EndpointName, type UpstreamEndpoint } from '../endpoints';
import { isReportableFieldName, OTHER_FIELD } from './field-names';
import {
  isUnconstrained,
  schemaShape,
  T_ANY,
  T_ARRAY,
  T_BOOLEAN,
  T_INTEGER,
  T_NULL,
  T_NUMBER,
  T_OBJECT,
  T_STRING,
  type Shape,
} from './shape';
import { loadEndpointSpecs, SPEC_DIR, type EndpointSpec } from './spec';
import { isRecord } from '../values';

export type DriftKind = 'missing' | 'null' | 'type' | 'enum_value' | 'unknown_field' | 'body';

export interface DriftFinding {
  endpoint: EndpointName;
  kind: DriftKind;
  /** A stable path without indices or ids: `status`, `risk.risk_level`, `[].offer.provider`, `(body)`. */
  field: string;
  /** enum_value only: the value the spec does not list (at most 100 characters). Never an id. */
  value?: string;
  /** enum_value only: the value matches a listed one except for letter case ("AWS" for "aws"). */
  caseOnly?: boolean;
}

/** Response headers as node and undici give them (lower-case names), or a fetch `Headers`. */
export type HeaderSource =
  Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };

export interface DriftChecker {
  /** Checks a parsed 2xx body of `endpoint`. The same frozen empty array when nothing differs. */
  check(endpoint: EndpointName, body: unknown): readonly DriftFinding[];
  /** Parses, then checks; a body that is not JSON is one `body` finding. */
  checkJson(endpoint: EndpointName, text: string | Buffer): readonly DriftFinding[];
  /**
   * Checks the documented headers of a 2xx answer: a paginated endpoint must carry X-Pagination (else
   * `missing`, field `header:X-Pagination`), and a header's value must match its schema
   * (`header:X-Pagination.next_page`, …). A header that is not JSON where JSON is documented is `type`.
   */
  checkHeaders(endpoint: EndpointName, headers: HeaderSource): readonly DriftFinding[];
  /** The 2xx statuses the spec documents for `endpoint` (e.g. [200, 204] for getRecommendedPlan). */
  successStatuses(endpoint: EndpointName): readonly number[];
}

export interface DriftCheckerOptions {
  /** Directory of the OpenAPI specs; default openapi/ at the repository (or image) root. */
  specDir?: string;
  /** Distinct unknown property names named per endpoint over the checker's life; then `(other)`. Default 50. */
  maxUnknownFieldsPerEndpoint?: number;
  /**
   * Distinct enum values reported per enum field and answer. Default 1 (each (kind, field) once per
   * answer); the probe asks for more to show every unseen value.
   */
  enumValuesPerField?: number;
}

const NO_FINDINGS: readonly DriftFinding[] = Object.freeze([]);
/** The field of a `body` finding. */
const BODY_FIELD = '(body)';
const MAX_VALUE_LENGTH = 100;
const MAX_REMEMBERED_UNNAMED = 256;

type Check = (value: unknown, run: Run) => void;
const ACCEPT_ALL: Check = () => undefined;

/**
 * A reporting slot: one per (kind, field), fired at most once per answer. Endpoints with the same field
 * share a slot, which is harmless: a run checks one answer of one endpoint.
 */
interface Slot {
  index: number;
  kind: DriftKind;
  field: string;
}

/** Per endpoint, over the checker's life: the unknown names it has named so far (the cap). */
interface EndpointState {
  name: EndpointName;
  namedUnknown: number;
}

/** An object node's unknown names: slots by name, and the `(other)` slot. */
interface UnknownNames {
  endpoint: EndpointState;
  parent: string;
  byName: Map<string, Slot>;
  other?: Slot;
  /** Names recently reported as `(other)` (bounded). */
  unnamed: Set<string>;
}

/** The mutable state of one check call; one per checker, reused (checking is synchronous). */
class Run {
  /** `stamps[slot] === generation` when the slot already fired during this call. */
  private stamps = new Int32Array(256);
  private generation = 0;
  endpoint: EndpointName = 'getPlan';
  out: DriftFinding[] = NO_FINDINGS as DriftFinding[];
  private enumSeen: Map<number, Set<string>> | undefined;

  constructor(
    private readonly registry: SlotRegistry,
    private readonly options: Required<Omit<DriftCheckerOptions, 'specDir'>>,
  ) {}

  begin(endpoint: EndpointName): void {
    this.endpoint = endpoint;
    this.out = NO_FINDINGS as DriftFinding[];
    this.enumSeen = undefined;
    this.ensure();
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private push(finding: DriftFinding): void {
    if (this.out === NO_FINDINGS) this.out = [];
    this.out.push(finding);
  }

  report(slot: Slot): void {
    if (this.stamps[slot.index] === this.generation) return;
    this.stamps[slot.index] = this.generation;
    this.push({ endpoint: this.endpoint, kind: slot.kind, field: slot.field });
  }

  /** A value of another type: `null` when it is null, `type` otherwise. */
  mismatch(value: unknown, nullSlot: Slot, typeSlot: Slot): void {
    this.report(value === null ? nullSlot : typeSlot);
  }

  enumValue(slot: Slot, value: string, lowerCaseMembers: ReadonlySet<string>): void {
    const limit = this.options.enumValuesPerField;
    if (this.stamps[slot.index] === this.generation) {
      // Already reported in this answer: once more per distinct value, up to the limit.
      const seen = this.enumSeen?.get(slot.index);
      if (!seen || seen.size >= limit || seen.has(value)) return;
      seen.add(value);
    } else {
      this.stamps[slot.index] = this.generation;
      if (limit > 1) {
        this.enumSeen ??= new Map();
        this.enumSeen.set(slot.index, new Set([value]));
      }
    }
    this.push({
      endpoint: this.endpoint,
      kind: 'enum_value',
      field: slot.field,
      value: value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value,
      caseOnly: lowerCaseMembers.has(value.toLowerCase()),
    });
  }

  /** A property its object's schema does not declare (the drift path). */
  unknownField(names: UnknownNames, key: string): void {
    let slot = names.byName.get(key);
    if (!slot) {
      if (
        names.endpoint.namedUnknown < this.options.maxUnknownFieldsPerEndpoint &&
        !names.unnamed.has(key) &&
        isReportableFieldName(key)
      ) {
        names.endpoint.namedUnknown++;
        slot = this.registry.slot('unknown_field', join(names.parent, key));
        names.byName.set(key, slot);
      } else {
        // Remember a few data-like names so a page of them does not run the test once per row.
        if (names.unnamed.size >= MAX_REMEMBERED_UNNAMED) names.unnamed.clear();
        names.unnamed.add(key);
        slot = names.other ??= this.registry.slot('unknown_field', join(names.parent, OTHER_FIELD));
      }
      this.ensure();
    }
    this.report(slot);
  }

  /** Slots created while checking (unknown names) need room in the stamps. */
  private ensure(): void {
    if (this.stamps.length >= this.registry.count) return;
    const grown = new Int32Array(Math.max(this.registry.count, this.stamps.length * 2));
    grown.set(this.stamps);
    this.stamps = grown;
  }
}

class SlotRegistry {
  count = 0;
  private readonly byKey = new Map<string, Slot>();

  slot(kind: DriftKind, field: string): Slot {
    const key = `${kind}\u0000${field}`;
    let slot = this.byKey.get(key);
    if (!slot) {
      slot = { index: this.count++, kind, field };
      this.byKey.set(key, slot);
    }
    return slot;
  }
}

const S_OTHER = 0;
const S_STRING = 1;
const S_STRING_NULL = 2;
const S_NUMBER = 3;
const S_NUMBER_NULL = 4;
const S_INTEGER = 5;
const S_INTEGER_NULL = 6;
const S_BOOLEAN = 7;
const S_BOOLEAN_NULL = 8;

/** Plain scalar properties are checked inline by their object (no call); the others get a closure. */
function scalarCode(shape: Shape): number {
  if (shape.enumValues !== undefined) return S_OTHER;
  switch (shape.mask) {
    case T_STRING:
      return S_STRING;
    case T_STRING | T_NULL:
      return S_STRING_NULL;
    case T_NUMBER | T_INTEGER:
      return S_NUMBER;
    case T_NUMBER | T_INTEGER | T_NULL:
      return S_NUMBER_NULL;
    case T_INTEGER:
      return S_INTEGER;
    case T_INTEGER | T_NULL:
      return S_INTEGER_NULL;
    case T_BOOLEAN:
      return S_BOOLEAN;
    case T_BOOLEAN | T_NULL:
      return S_BOOLEAN_NULL;
    default:
      return S_OTHER;
  }
}

function scalarMatches(code: number, v: unknown): boolean {
  switch (code) {
    case S_STRING:
      return typeof v === 'string';
    case S_STRING_NULL:
      return typeof v === 'string' || v === null;
    case S_NUMBER:
      return typeof v === 'number';
    case S_NUMBER_NULL:
      return typeof v === 'number' || v === null;
    case S_INTEGER:
      return typeof v === 'number' && Number.isInteger(v);
    case S_INTEGER_NULL:
      return (typeof v === 'number' && Number.isInteger(v)) || v === null;
    case S_BOOLEAN:
      return typeof v === 'boolean';
    case S_BOOLEAN_NULL:
      return typeof v === 'boolean' || v === null;
    default:
      return true;
  }
}

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

/**
 * Compiles a Shape at `field` into a Check. Specialised closures for the common cases (one type, maybe
 * nullable); a general one for unions such as string|number|boolean.
 */
class Compiler {
  constructor(
    private readonly registry: SlotRegistry,
    private readonly endpoint: EndpointState,
  ) {}

  compile(shape: Shape, field: string): Check {
    if (isUnconstrained(shape)) return ACCEPT_ALL;
    const nullable = (shape.mask & T_NULL) !== 0;
    const nullSlot = this.registry.slot('null', field);
    const typeSlot = this.registry.slot('type', field);
    const nonNull = shape.mask & ~T_NULL;

    if (nonNull === T_STRING) {
      if (shape.enumValues) {
        const onString = this.enumCheck(shape.enumValues, field);
        return (v, run) => {
          if (typeof v === 'string') onString(v, run);
          else if (v !== null || !nullable) run.mismatch(v, nullSlot, typeSlot);
        };
      }
      return (v, run) => {
        if (typeof v !== 'string' && (v !== null || !nullable)) run.mismatch(v, nullSlot, typeSlot);
      };
    }
    if (nonNull === (T_NUMBER | T_INTEGER)) {
      return (v, run) => {
        if (typeof v !== 'number' && (v !== null || !nullable)) run.mismatch(v, nullSlot, typeSlot);
      };
    }
    if (nonNull === T_INTEGER) {
      return (v, run) => {
        if (typeof v === 'number' ? !Number.isInteger(v) : v !== null || !nullable)
          run.mismatch(v, nullSlot, typeSlot);
      };
    }
    if (nonNull === T_BOOLEAN) {
      return (v, run) => {
        if (typeof v !== 'boolean' && (v !== null || !nullable)) run.mismatch(v, nullSlot, typeSlot);
      };
    }
    if (nonNull === T_OBJECT) {
      const onObject = this.objectCheck(shape, field);
      return (v, run) => {
        if (isRecord(v)) onObject(v, run);
        else if (v !== null || !nullable) run.mismatch(v, nullSlot, typeSlot);
      };
    }
    if (nonNull === T_ARRAY) {
      const onArray = this.arrayCheck(shape, field);
      return (v, run) => {
        if (Array.isArray(v)) onArray(v, run);
        else if (v !== null || !nullable) run.mismatch(v, nullSlot, typeSlot);
      };
    }
    return this.unionCheck(shape, field, nullSlot, typeSlot);
  }

  private unionCheck(shape: Shape, field: string, nullSlot: Slot, typeSlot: Slot): Check {
    const mask = shape.mask;
    const onString = shape.enumValues ? this.enumCheck(shape.enumValues, field) : undefined;
    const onObject = mask & T_OBJECT ? this.objectCheck(shape, field) : undefined;
    const onArray = mask & T_ARRAY ? this.arrayCheck(shape, field) : undefined;
    return (v, run) => {
      let bit: number;
      switch (typeof v) {
        case 'string':
          bit = T_STRING;
          break;
        case 'number':
          bit = Number.isInteger(v) ? T_INTEGER : T_NUMBER;
          break;
        case 'boolean':
          bit = T_BOOLEAN;
          break;
        case 'object':
          bit = v === null ? T_NULL : Array.isArray(v) ? T_ARRAY : T_OBJECT;
          break;
        default:
          bit = 0;
      }
      if ((mask & bit) === 0) return run.mismatch(v, nullSlot, typeSlot);
      if (bit === T_STRING) onString?.(v as string, run);
      else if (bit === T_OBJECT) onObject?.(v as Record<string, unknown>, run);
      else if (bit === T_ARRAY) onArray?.(v as unknown[], run);
    };
  }

  private enumCheck(values: readonly string[], field: string): (v: string, run: Run) => void {
    const members = new Set(values);
    const lower = new Set(values.map((m) => m.toLowerCase()));
    const slot = this.registry.slot('enum_value', field);
    return (v, run) => {
      if (!members.has(v)) run.enumValue(slot, v, lower);
    };
  }

  private arrayCheck(shape: Shape, field: string): (v: unknown[], run: Run) => void {
    if (!shape.items) return () => undefined;
    const item = this.compile(shape.items, `${field}[]`);
    if (item === ACCEPT_ALL) return () => undefined;
    return (v, run) => {
      for (let i = 0; i < v.length; i++) item(v[i], run);
    };
  }

  private objectCheck(shape: Shape, field: string): (o: Record<string, unknown>, run: Run) => void {
    const props = shape.properties;
    const n = props.length;
    const names = props.map((p) => p.name);
    const required = props.map((p) => p.required);
    const requiredCount = required.filter(Boolean).length;
    const missing = props.map((p) => this.registry.slot('missing', join(field, p.name)));
    const codes = Int8Array.from(props.map((p) => scalarCode(p.shape)));
    const nullSlots = props.map((p) => this.registry.slot('null', join(field, p.name)));
    const typeSlots = props.map((p) => this.registry.slot('type', join(field, p.name)));
    const checks = props.map((p, i) =>
      codes[i] === S_OTHER ? this.compile(p.shape, join(field, p.name)) : ACCEPT_ALL,
    );
    const index = new Map(names.map((name, i) => [name, i]));
    const reportUnknown = shape.additional === 'unknown';
    const unknown: UnknownNames = {
      endpoint: this.endpoint,
      parent: field,
      byName: new Map(),
      unnamed: new Set(),
    };
    const values =
      shape.additional === 'unknown' || shape.additional === 'any'
        ? undefined
        : this.compile(shape.additional, join(field, '*'));
    // Where each key stood in the last object seen: the objects of one answer share their key order, so
    // the next key is nearly always the predicted one (an identity compare instead of a Map lookup).
    const predicted = new Int32Array(n).fill(-1);

    return (o, run) => {
      let pos = 0;
      let requiredSeen = 0;
      for (const key in o) {
        let i = pos < n ? predicted[pos]! : -1;
        if (i < 0 || names[i] !== key) {
          const found = index.get(key);
          if (found === undefined) {
            if (reportUnknown) run.unknownField(unknown, key);
            else values?.(o[key], run);
            continue;
          }
          i = found;
          if (pos < n) predicted[pos] = i;
        }
        pos++;
        if (required[i]) requiredSeen++;
        const value = o[key];
        const code = codes[i]!;
        if (code === S_OTHER) checks[i]!(value, run);
        else if (!scalarMatches(code, value)) run.mismatch(value, nullSlots[i]!, typeSlots[i]!);
      }
      if (requiredSeen !== requiredCount) {
        for (let i = 0; i < n; i++) if (required[i] && !Object.hasOwn(o, names[i]!)) run.report(missing[i]!);
      }
    };
  }
}

interface CompiledEndpoint {
  endpoint: UpstreamEndpoint;
  state: EndpointState;
  /** T_ARRAY or T_OBJECT (or both) for the top level; anything else is a `body` finding. */
  topMask: number;
  body: Check;
  bodySlot: Slot;
  headers: CompiledHeader[];
  successStatuses: readonly number[];
}

interface CompiledHeader {
  /** Lower-case, for lookups. */
  lookup: string;
  required: boolean;
  missingSlot: Slot;
  typeSlot: Slot;
  /** Parse the value as JSON before checking it (any schema but a plain string). */
  json: boolean;
  check: Check;
}

function compileEndpoint(spec: EndpointSpec, registry: SlotRegistry): CompiledEndpoint {
  const endpoint = spec.endpoint;
  const state: EndpointState = { name: endpoint.name, namedUnknown: 0 };
  const compiler = new Compiler(registry, state);
  // The first documented 2xx with a JSON body is the answer's shape (200; the 204 has none).
  const success = spec.successes.find((s) => s.schema !== undefined)!;
  const shape = schemaShape(spec.file, success.schema, `${endpoint.name} ${success.status}`);
  const topMask = shape.mask & (T_ARRAY | T_OBJECT);
  const headers: CompiledHeader[] = [];
  for (const header of success.headers) {
    const field = `header:${header.name}`;
    const headerShape =
      header.schema === undefined ? undefined : schemaShape(spec.file, header.schema, field);
    const isPagination = header.name.toLowerCase() === 'x-pagination';
    headers.push({
      lookup: header.name.toLowerCase(),
      required: header.required || (isPagination && endpoint.body === 'page'),
      missingSlot: registry.slot('missing', field),
      typeSlot: registry.slot('type', field),
      json: headerShape !== undefined && (headerShape.mask & ~T_NULL) !== T_STRING,
      check: headerShape ? compiler.compile(headerShape, field) : ACCEPT_ALL,
    });
  }
  if (endpoint.body === 'page' && !headers.some((h) => h.lookup === 'x-pagination')) {
    const field = 'header:X-Pagination';
    headers.push({
      lookup: 'x-pagination',
      required: true,
      missingSlot: registry.slot('missing', field),
      typeSlot: registry.slot('type', field),
      json: true,
      check: ACCEPT_ALL,
    });
  }
  return {
    endpoint,
    state,
    topMask: topMask === 0 ? T_ANY : topMask,
    body: compiler.compile(shape, ''),
    bodySlot: registry.slot('body', BODY_FIELD),
    headers,
    successStatuses: spec.successes.map((s) => s.status),
  };
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.[0];
}

function topLevelMatches(mask: number, body: unknown): boolean {
  if (Array.isArray(body)) return (mask & T_ARRAY) !== 0;
  if (typeof body === 'object' && body !== null) return (mask & T_OBJECT) !== 0;
  return mask === T_ANY;
}

export function createDriftChecker(options: string | DriftCheckerOptions = {}): DriftChecker {
  const opts = typeof options === 'string' ? { specDir: options } : options;
  const settings = {
    maxUnknownFieldsPerEndpoint: Math.max(0, Math.floor(opts.maxUnknownFieldsPerEndpoint ?? 50)),
    enumValuesPerField: Math.max(1, Math.floor(opts.enumValuesPerField ?? 1)),
  };
  const specs = loadEndpointSpecs(opts.specDir ?? SPEC_DIR);
  const registry = new SlotRegistry();
  const compiled = new Map<EndpointName, CompiledEndpoint>();
  for (const e of UPSTREAM_ENDPOINTS) compiled.set(e.name, compileEndpoint(specs.get(e.name)!, registry));
  const run = new Run(registry, settings);

  const get = (endpoint: EndpointName): CompiledEndpoint => {
    const c = compiled.get(endpoint);
    if (!c) throw new TypeError(`drift checker: unknown endpoint ${String(endpoint)}`);
    return c;
  };

  const check = (endpoint: EndpointName, body: unknown): readonly DriftFinding[] => {
    const c = get(endpoint);
    run.begin(endpoint);
    if (!topLevelMatches(c.topMask, body)) run.report(c.bodySlot);
    else c.body(body, run);
    return run.out;
  };

  return {
    check,
    checkJson(endpoint, text) {
      let body: unknown;
      try {
        body = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
      } catch {
        const c = get(endpoint);
        run.begin(endpoint);
        run.report(c.bodySlot);
        return run.out;
      }
      return check(endpoint, body);
    },
    checkHeaders(endpoint, headers) {
      const c = get(endpoint);
      run.begin(endpoint);
      for (const header of c.headers) {
        const raw = headerValue(headers, header.lookup);
        if (raw === undefined) {
          if (header.required) run.report(header.missingSlot);
          continue;
        }
        if (!header.json) {
          header.check(raw, run);
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          run.report(header.typeSlot);
          continue;
        }
        header.check(value, run);
      }
      return run.out;
    },
    successStatuses: (endpoint) => get(endpoint).successStatuses,
  };
}
