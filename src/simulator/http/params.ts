/**
 * Query and path parameter validation with webargs-like messages. Every problem of a request is collected
 * and reported at once as a 422, the way the real API (flask-smorest) answers.
 */
import { isValidIsoDate } from '../data/calendar';
import { type ErrorLocation, type FieldErrors, HttpError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export class Params {
  private readonly errors: FieldErrors = {};

  constructor(
    private readonly query: URLSearchParams,
    private readonly path: Readonly<Record<string, string>>,
  ) {}

  fail(location: ErrorLocation, field: string, message: string): void {
    const bucket = (this.errors[location] ??= {});
    (bucket[field] ??= []).push(message);
  }

  /** Throws the collected 422, if any. */
  done(): void {
    if (Object.keys(this.errors).length > 0) throw new HttpError(422, undefined, { errors: this.errors });
  }

  pathUuid(name: string): string {
    const value = this.path[name] ?? '';
    if (!isUuid(value)) this.fail('path', name, 'Not a valid UUID.');
    return value.toLowerCase();
  }

  pathString(name: string): string {
    const value = this.path[name] ?? '';
    if (value.length === 0) this.fail('path', name, 'Shorter than minimum length 1.');
    return value;
  }

  /** First value of a query parameter; empty counts as absent. */
  private raw(name: string): string | undefined {
    const value = this.query.get(name);
    return value === null || value === '' ? undefined : value;
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  required(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) this.fail('query', name, 'Missing data for required field.');
    return value;
  }

  enumOf<T extends string>(
    name: string,
    allowed: readonly T[],
    options: { required?: boolean } = {},
  ): T | undefined {
    const value = options.required ? this.required(name) : this.raw(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail('query', name, `Must be one of: ${allowed.join(', ')}.`);
      return undefined;
    }
    return value as T;
  }

  int(name: string, fallback: number, min: number, max?: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(value.trim())) {
      this.fail('query', name, 'Not a valid integer.');
      return fallback;
    }
    const n = Number(value);
    if (n < min || (max !== undefined && n > max)) {
      this.fail(
        'query',
        name,
        max === undefined
          ? `Must be greater than or equal to ${min}.`
          : `Must be greater than or equal to ${min} and less than or equal to ${max}.`,
      );
      return fallback;
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const v = value.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    this.fail('query', name, 'Not a valid boolean.');
    return undefined;
  }

  date(name: string, options: { required?: boolean } = {}): string | undefined {
    const value = options.required ? this.required(name) : this.raw(name);
    if (value === undefined) return undefined;
    if (!isValidIsoDate(value)) {
      this.fail('query', name, 'Not a valid date.');
      return undefined;
    }
    return value;
  }

  /** Repeated parameter (explode form): name=a&name=b. Undefined when absent. */
  list(name: string): string[] | undefined {
    const values = this.query.getAll(name).filter((v) => v !== '');
    return values.length > 0 ? values : undefined;
  }

  uuidList(name: string): string[] | undefined {
    const values = this.list(name);
    if (!values) return undefined;
    values.forEach((v, i) => {
      if (!isUuid(v)) this.fail('query', `${name}.${i}`, 'Not a valid UUID.');
    });
    return values.map((v) => v.toLowerCase());
  }

  enumList<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const values = this.list(name);
    if (!values) return undefined;
    values.forEach((v, i) => {
      if (!(allowed as readonly string[]).includes(v))
        this.fail('query', `${name}.${i}`, `Must be one of: ${allowed.join(', ')}.`);
    });
    return values as T[];
  }
}
