import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. API keys never reach a log line: nothing logs them on purpose, and these paths
 * are redacted in case a request or headers object is ever logged whole.
 */
export const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'req.headers["x-api-key"]',
  'request.headers["x-api-key"]',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'archera-graphql' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
