/**
 * `npm run simulator`: the simulator alone, for tools and out-of-process tests.
 * SIMULATOR_PORT (default 4010), SIMULATOR_HOST (default 127.0.0.1), SIMULATOR_LATENCY_MS (default 0),
 * SIMULATOR_FAULTS (JSON array of fault rules). A bad value fails with one line on stderr and exit code 1.
 */
import { validateFaultRules } from './faults';
import { FIXTURES, startSimulator } from './index';
import type { FaultRule } from './types';

function integer(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > max)
    throw new Error(`${name} must be an integer from 0 to ${max}, got '${raw}'`);
  return Number(raw);
}

function faults(): FaultRule[] {
  const raw = process.env.SIMULATOR_FAULTS;
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('SIMULATOR_FAULTS is not valid JSON');
  }
  try {
    return validateFaultRules(parsed);
  } catch (error) {
    throw new Error(`SIMULATOR_FAULTS: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const port = integer('SIMULATOR_PORT', 4010, 65_535);
  const latencyMs = integer('SIMULATOR_LATENCY_MS', 0, 600_000);
  const host = process.env.SIMULATOR_HOST?.trim() || '127.0.0.1';
  const sim = await startSimulator({ port, host, latencyMs, faults: faults() });
  const { orgs } = FIXTURES;
  process.stdout.write(
    `Archera simulator listening on ${sim.url} (data as of ${FIXTURES.asOf}); keys: ` +
      `'demo' -> orgs ${orgs.demo}, ${orgs.child}; 'demo-other' -> org ${orgs.other}; admin at ${sim.url}/__simulator/\n`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException;
  const message =
    err.code === 'EADDRINUSE'
      ? `port already in use (${err.message})`
      : err instanceof Error
        ? err.message
        : String(error);
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(1);
});
