/**
 * Unknown property names become part of a finding's `field`, and so of a metric label and a log line. Only
 * names that look like a schema's field name are kept; anything that looks like data (an id, a UUID, an
 * e-mail, a long or odd string) is reported as `(other)`, so neither cardinality nor customer data leaks.
 */

/** The name that stands for every unknown property we do not name. */
export const OTHER_FIELD = '(other)';

/** A letter or underscore first, then letters, digits, `_` or `-`; at most 64 characters. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const UUID_LIKE = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}/i;
const LONG_DIGIT_RUN = /\d{5,}/;
const LONG_HEX_RUN = /[0-9a-f]{12,}/i;

/** True when `name` may appear in a field path as it is. */
export function isReportableFieldName(name: string): boolean {
  if (!FIELD_NAME.test(name)) return false;
  if (UUID_LIKE.test(name) || LONG_DIGIT_RUN.test(name) || LONG_HEX_RUN.test(name)) return false;
  // Generated ids interleave letters and digits (acct9f31c2, x7k2m9q4); field names rarely switch more
  // than a few times (p95, ec2_instance, v2beta1).
  let switches = 0;
  let previousDigit: boolean | undefined;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!digit && !letter) {
      previousDigit = undefined;
      continue;
    }
    if (previousDigit !== undefined && previousDigit !== digit) switches++;
    previousDigit = digit;
  }
  return switches < 4;
}
