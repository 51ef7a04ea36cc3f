/**
 * Settings of `npm run simulator` from the environment, kept apart from main.ts so they can be tested
 * in-process. Every problem is one Error with a one-line message naming the variable.
 */
import { validateFaultRules } from './faults';
import { FIXTURES } from './fixtures';
import type { FaultRule, SimulatorOptions, StartedSimulator } from './types';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > max)
    throw new Error(`${name} must be an integer from 0 to ${max}, got '${raw}'`);
  return Number(raw);
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name} must be true, false, 1 or 0, got '${raw}'`);
}

function faults(env: NodeJS.ProcessEnv): FaultRule[] {
  const raw = env.SIMULATOR_FAULTS;
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

/**
 * SIMULATOR_PORT (4010), SIMULATOR_HOST (127.0.0.1), SIMULATOR_LATENCY_MS (0), SIMULATOR_FAULTS (JSON array),
 * SIMULATOR_DRIFT (true/false/1/0, default false).
 */
export function readSimulatorEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  return {
    port: integer(env, 'SIMULATOR_PORT', 4010, 65_535),
    host: env.SIMULATOR_HOST?.trim() || '127.0.0.1',
    latencyMs: integer(env, 'SIMULATOR_LATENCY_MS', 0, 600_000),
    faults: faults(env),
    drift: bool(env, 'SIMULATOR_DRIFT', false),
  };
}

/** One line for stderr from a start-up failure. */
export function describeStartError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return `port already in use (${err.message})`;
  return error instanceof Error ? error.message : String(error);
}

/** The start-up line: where it listens and which keys reach which orgs. */
export function banner(sim: StartedSimulator): string {
  const { orgs } = FIXTURES;
  return (
    `Archera simulator listening on ${sim.url} (data as of ${FIXTURES.asOf}); keys: ` +
    `'demo' -> orgs ${orgs.demo}, ${orgs.child}; 'demo-other' -> org ${orgs.other}; admin at ${sim.url}/__simulator/` +
    (sim.drift() ? '; drift mode on: answers deviate from the specs (src/simulator/README.md, DRIFTS)' : '')
  );
}
