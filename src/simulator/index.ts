/**
 * The embedded Archera simulator: the 15 upstream endpoints over loopback HTTP with deterministic,
 * realistic data, a call log and fault injection. Used by the gateway when ARCHERA_API_URL is unset, by
 * tests, and alone via `npm run simulator`.
 */
export type { FaultKind, FaultRule, SimulatorCall, SimulatorOptions, StartedSimulator } from './types';
export { startSimulator } from './server';
export { FIXTURES } from './fixtures';
