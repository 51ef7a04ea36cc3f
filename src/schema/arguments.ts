/** Argument checks that can be judged locally: refused with BAD_USER_INPUT before any upstream call. */
import type { CommitmentsProvider } from '../upstream';
import type { Provider } from '../upstream/types';
import { badUserInput } from './errors';

/** The beta commitments API knows AWS, Azure and GCP only. */
export function betaProvider(provider: Provider): CommitmentsProvider {
  if (provider === 'aws' || provider === 'azure' || provider === 'gcp') return provider;
  throw badUserInput('Commitments are available for AWS, AZURE and GCP only.', 'provider');
}

/** `startDate` must not come after `endDate` (ISO dates compare as strings). */
export function checkDateRange(
  startDate: string | null | undefined,
  endDate: string | null | undefined,
): void {
  if (startDate && endDate && startDate > endDate) {
    throw badUserInput(`\`endDate\` (${endDate}) is before \`startDate\` (${startDate}).`, 'endDate');
  }
}

/** Lists of ids in arguments are capped: each id may cost upstream work. */
export function checkListSize(values: readonly unknown[], max: number, argument: string): void {
  if (values.length > max)
    throw badUserInput(`\`${argument}\` takes at most ${max} ids (got ${values.length}).`, argument);
}

/** GraphQL nulls become "not sent" upstream. */
export function orUndefined<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}
