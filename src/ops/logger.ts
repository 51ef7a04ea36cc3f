import pino, { type Logger } from 'pino';
import { REDACT_PATHS } from '../tenant/secrets';

/**
 * Structured JSON logs. API keys never reach a log line: nothing logs them on purpose, and the paths of
 * REDACT_PATHS are redacted in case a request or headers object is ever logged whole.
 */

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'archera-graphql' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
