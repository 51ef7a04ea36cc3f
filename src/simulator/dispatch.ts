/**
 * From a routed request to a handler result, in the order the real API checks things: route (404/405),
 * API key (401), org id (422 if malformed, 403 if another tenant's, 404 if nobody's), then the endpoint's
 * own parameters (422) and lookups (404/409).
 */
import type { Dataset } from './data/dataset';
import { HttpError } from './http/errors';
import { isUuid, Params } from './http/params';
import type { RouteResult } from './http/router';
import type { HandlerResult } from './handlers/context';
import { HANDLERS } from './handlers';
import type { SimulatorState } from './state';

export interface IncomingCall {
  route: RouteResult;
  query: URLSearchParams;
  apiKey: string | undefined;
  bodyText: string;
}

export function dispatch(dataset: Dataset, state: SimulatorState, call: IncomingCall): HandlerResult {
  const { route } = call;
  if (route.kind === 'not-found') throw new HttpError(404, 'The requested URL was not found on the server.');
  if (route.kind === 'method-not-allowed') {
    throw new HttpError(405, undefined, { headers: { Allow: route.allow.join(', ') } });
  }
  const owned = call.apiKey === undefined ? undefined : dataset.keyOrgs.get(call.apiKey);
  if (!owned)
    throw new HttpError(
      401,
      call.apiKey === undefined ? 'Missing API key (x-api-key header)' : 'Invalid API key',
    );

  const params = new Params(call.query, route.params);
  const orgParam = 'org_id' in route.params ? 'org_id' : 'child_org_id';
  const orgId = params.pathUuid(orgParam);
  if (!isUuid(route.params[orgParam] ?? '')) params.done();
  const org = dataset.orgs.get(orgId);
  if (!owned.includes(orgId)) {
    if (org) throw new HttpError(403, 'You do not have access to this organization');
    throw new HttpError(404, `Organization ${orgId} not found`);
  }
  if (!org) throw new HttpError(404, `Organization ${orgId} not found`);

  let body: unknown;
  let bodyInvalid = false;
  if (call.bodyText.trim() !== '') {
    try {
      body = JSON.parse(call.bodyText);
    } catch {
      bodyInvalid = true;
    }
  }
  return HANDLERS[route.endpoint.name]({ org, params, state, body, bodyInvalid });
}
