/**
 * The HTTP server: call log, global latency, fault injection, then dispatch, then drift mode. node:http
 * only, so it starts in milliseconds inside the gateway process or a test.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EndpointName } from '../upstream/endpoints';
import { ADMIN_PREFIX, handleAdmin, validateLatency } from './admin';
import { getDataset } from './data/dataset';
import { dispatch } from './dispatch';
import { applyDrift, validateDrift } from './drift';
import { dropRequiredField, FaultEngine, truncate, validateFaultRules } from './faults';
import type { HandlerResult } from './handlers/context';
import { apiErrorBody, errorBody, HttpError } from './http/errors';
import { route } from './http/router';
import { SimulatorState, type PlanStatePatch } from './state';
import type { SimulatorCall, SimulatorOptions, StartedSimulator } from './types';

const MAX_BODY_BYTES = 1_000_000;
const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function fingerprint(key: string | null): string | null {
  return key === null ? null : createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseLogged(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Kill the connection without an answer (an RST where the platform allows it). */
function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function send(
  res: ServerResponse,
  status: number,
  payload: string | undefined,
  headers: Record<string, string> = {},
  type = 'application/json',
): void {
  if (res.destroyed || res.headersSent) return;
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (payload === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<StartedSimulator> {
  const dataset = getDataset();
  const state = new SimulatorState();
  const faults = new FaultEngine(validateFaultRules(options.faults ?? []));
  let latencyMs = validateLatency(options.latencyMs ?? 0);
  let drift = validateDrift(options.drift ?? false);
  let calls: SimulatorCall[] = [];
  let closed = false;
  const timers = new Map<NodeJS.Timeout, () => void>();

  /** A wait that close() cuts short, so a long injected delay never keeps a process alive. */
  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.set(timer, resolve);
        });

  const controls = {
    calls: () => calls.map((c) => ({ ...c })),
    resetCalls: () => {
      calls = [];
    },
    faults: () => faults.list(),
    setFaults: (rules: SimulatorOptions['faults'] & object) => faults.set(validateFaultRules(rules)),
    setLatency: (ms: number) => {
      latencyMs = validateLatency(ms);
    },
    drift: () => drift,
    setDrift: (enabled: boolean) => {
      drift = validateDrift(enabled);
    },
    resetState: () => state.reset(),
    updatePlan: (planId: string, patch: PlanStatePatch) => {
      for (const org of dataset.orgs.values()) {
        const record = org.plansById.get(planId);
        if (record) return state.update(record, patch);
      }
      throw new Error(`no plan ${planId} in the simulator's data`);
    },
    completePurchases: () => state.completePurchases(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const bodyText = await readBody(req);

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      const result = handleAdmin(controls, method, url.pathname, bodyText);
      send(
        res,
        result.status,
        result.body === undefined ? undefined : JSON.stringify(result.body),
        result.headers,
      );
      return;
    }

    const routed = route(method, url.pathname);
    const endpoint: EndpointName | 'unknown' = routed.kind === 'not-found' ? 'unknown' : routed.endpoint.name;
    const apiKey = header(req, 'x-api-key');
    const call: SimulatorCall = {
      endpoint,
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      status: 0,
      apiKeyFingerprint: fingerprint(apiKey),
      idempotencyKey: header(req, 'idempotency-key'),
      requestId: header(req, 'x-request-id'),
      body: parseLogged(bodyText),
      at: Date.now(),
    };
    calls.push(call);
    const reply = (
      status: number,
      payload: string | undefined,
      headers?: Record<string, string>,
      type?: string,
    ): void => {
      call.status = status;
      send(res, status, payload, headers, type);
    };

    await sleep(latencyMs);
    const decision =
      routed.kind === 'match' ? faults.decide(routed.endpoint.name) : { delayMs: 0, fault: undefined };
    await sleep(decision.delayMs);
    if (closed) return;
    const fault = decision.fault;

    // Faults that answer before the request is processed: nothing changes.
    if (fault?.kind === 'reset') return resetConnection(res);
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500;
      const body = errorBody(new HttpError(status), url.pathname);
      return reply(
        status,
        JSON.stringify(body),
        fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {},
      );
    }
    if (fault?.kind === 'non-json') return reply(200, HTML_ERROR_PAGE, {}, 'text/html; charset=utf-8');

    let result: HandlerResult;
    try {
      result = dispatch(dataset, state, {
        route: routed,
        query: url.searchParams,
        apiKey: apiKey ?? undefined,
        bodyText,
      });
    } catch (error) {
      const httpError =
        error instanceof HttpError ? error : new HttpError(500, undefined, { detail: String(error) });
      result = {
        status: httpError.status,
        body: errorBody(httpError, url.pathname),
        headers: httpError.options.headers,
      };
    }

    // Drift mode rewrites successful answers, except those a fault decides (faults apply first).
    if (drift && !fault && routed.kind === 'match' && result.status >= 200 && result.status < 300) {
      result = { ...result, body: applyDrift(routed.endpoint.name, result.body) };
    }

    // Faults after processing: the state change (if any) has happened.
    if (fault?.kind === 'reset-after-commit') return resetConnection(res);
    let payload = result.body === undefined ? undefined : JSON.stringify(result.body);
    if (payload !== undefined && fault?.kind === 'drop-required-field' && routed.kind === 'match') {
      payload = JSON.stringify(dropRequiredField(routed.endpoint.name, result.body));
    }
    if (payload !== undefined && fault?.kind === 'truncated') payload = truncate(payload);
    reply(result.status, payload, result.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, JSON.stringify(apiErrorBody(500, 'Simulator failure', req.url ?? '/', String(error))));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    calls: controls.calls,
    callsTo: (name) => controls.calls().filter((c) => c.endpoint === name),
    resetCalls: controls.resetCalls,
    setFaults: controls.setFaults,
    clearFaults: () => faults.set([]),
    setLatency: controls.setLatency,
    setDrift: controls.setDrift,
    drift: controls.drift,
    resetState: controls.resetState,
    updatePlan: (planId, patch) => void controls.updatePlan(planId, patch),
    completePurchases: controls.completePurchases,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        for (const [timer, wake] of timers) {
          clearTimeout(timer);
          wake();
        }
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
