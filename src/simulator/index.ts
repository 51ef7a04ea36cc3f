/**
 * The embedded Archera simulator: the 16 upstream endpoints over loopback HTTP with deterministic,
 * realistic data, a call log, fault injection and a drift mode. Used by the gateway when ARCHERA_API_URL is unset, by
 * tests, and alone via `npm run simulator`.
 */
export type {
  DriftKind,
  DriftSpec,
  FaultKind,
  FaultRule,
  SimulatorCall,
  SimulatorOptions,
  StartedSimulator,
} from './types';
export { DRIFTS } from './drift';
export { startSimulator } from './server';
export { FIXTURES } from './fixtures';
