/** Drift: where the upstream's answers differ from openapi/ (see checker.ts), and the contract probe. */
export {
  createDriftChecker,
  type DriftChecker,
  type DriftCheckerOptions,
  type DriftFinding,
  type DriftKind,
  type HeaderSource,
} from './checker';
export { OTHER_FIELD, isReportableFieldName } from './field-names';
export { SPEC_DIR, SpecError } from './spec';
