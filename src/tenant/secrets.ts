/**
 * Keeping the caller's API key out of everything the gateway says: answers, errors, upstream messages
 * echoed back, logs. One scrubber and one list of log paths, used by every layer.
 */

/**
 * Keys shorter than this are not scrubbed from text: they would mangle ordinary words, and Archera refuses
 * them anyway.
 */
export const MIN_SCRUBBED_SECRET_LENGTH = 6;

/** Forms a secret may take in text: as is, and JSON-escaped (quotes, backslashes, control characters). */
export function secretForms(secret: string | undefined): string[] {
  if (secret === undefined || secret.length < MIN_SCRUBBED_SECRET_LENGTH) return [];
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
}

/** `text` with every form of the secret replaced by `[redacted]`. */
export function scrubSecret(text: string, secret: string | undefined): string {
  return scrubForms(text, secretForms(secret));
}

/** As scrubSecret, with the forms worked out once (the HTTP front scrubs every chunk of an answer). */
export function scrubForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}

/**
 * Log paths pino redacts: nothing logs a key on purpose, but a request, its headers or a call's options
 * logged whole must not leak one either.
 */
export const REDACT_PATHS: readonly string[] = [
  'apiKey',
  '*.apiKey',
  'headers',
  '*.headers',
  '["x-api-key"]',
  '*["x-api-key"]',
  '*.*["x-api-key"]',
  'req.headers["x-api-key"]',
  'request.headers["x-api-key"]',
];
