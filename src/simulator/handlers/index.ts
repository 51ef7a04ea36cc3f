/** One handler per upstream endpoint; the Record type makes a missing endpoint a compile error. */
import type { EndpointName } from '../../upstream/endpoints';
import {
  getCommitmentComparison,
  getCommitmentDetails,
  getCommitmentMetrics,
  getCommitmentSummary,
  getDailyCoverage,
  listCommitmentAttributes,
  listCommitmentAttributeValues,
  listCommitments,
} from './commitments';
import type { Handler } from './context';
import { getPartnerDefaultPlans, purchasePartnerPlan } from './partner';
import {
  applyPlan,
  getDefaultPlans,
  getPlan,
  getRecommendedPlan,
  listLineItems,
  listResourceMatches,
} from './plans';

export const HANDLERS: Record<EndpointName, Handler> = {
  getPlan,
  applyPlan,
  getDefaultPlans,
  getRecommendedPlan,
  listLineItems,
  listResourceMatches,
  getPartnerDefaultPlans,
  purchasePartnerPlan,
  listCommitments,
  listCommitmentAttributes,
  listCommitmentAttributeValues,
  getCommitmentSummary,
  getCommitmentComparison,
  getCommitmentMetrics,
  getCommitmentDetails,
  getDailyCoverage,
};
