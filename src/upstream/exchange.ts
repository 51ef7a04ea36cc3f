/**
 * One HTTP exchange with Archera under its own timer: send, read the body (bounded), and say what
 * happened without throwing. Deciding what that means (success, retry, which error) is outcome.ts's job.
 */
import type { Dispatcher } from 'undici';
import { classifyNetworkError, errorCodeOf, isUndiciTimeout, type NetworkFailure } from './http';

export type Headers = Record<string, string | string[] | undefined>;

export type FailureCause = NetworkFailure | 'timeout' | 'cancelled' | 'too-large';

export type AttemptResult =
  | { kind: 'response'; status: number; headers: Headers; body: Buffer }
  | {
      kind: 'failure';
      cause: FailureCause;
      netCode?: string;
      /** Set when headers arrived before the body failed. */
      status?: number;
      headers?: Headers;
    };

export interface ExchangeRequest {
  origin: string;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
  /** The caller's cancellation (the GraphQL request went away). */
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Largest 2xx body read; error bodies are read only for their message, up to 64 KiB. */
  maxResponseBytes: number;
}

/** Error bodies are only read for their message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

class BodyTooLargeError extends Error {}

/** Reads a body up to `limit` bytes; past it, fails (or, with truncate, keeps what it has). */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  truncate: boolean,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      // Destroying releases the socket instead of draining an unbounded body.
      body.destroy();
      if (!truncate) throw new BodyTooLargeError();
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks, size);
}

/** One HTTP exchange; never throws. The body is always read or destroyed. */
export async function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('Archera request timed out'));
  }, req.timeoutMs);
  const callerSignal = req.signal;
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let status: number | undefined;
  let responseHeaders: Headers | undefined;
  let responseBody: Dispatcher.ResponseData['body'] | undefined;
  try {
    const res = await dispatcher.request({
      origin: req.origin,
      path: req.path,
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      signal: controller.signal,
    });
    status = res.statusCode;
    responseHeaders = res.headers;
    responseBody = res.body;
    const ok = status >= 200 && status < 300;
    const buffer = await readBody(res.body, ok ? req.maxResponseBytes : MAX_ERROR_BODY_BYTES, !ok);
    return { kind: 'response', status, headers: res.headers, body: buffer };
  } catch (err) {
    responseBody?.destroy();
    let cause: FailureCause;
    if (timedOut || isUndiciTimeout(err)) cause = 'timeout';
    else if (callerSignal?.aborted) cause = 'cancelled';
    else if (err instanceof BodyTooLargeError) cause = 'too-large';
    else cause = classifyNetworkError(err);
    const netCode = errorCodeOf(err);
    return {
      kind: 'failure',
      cause,
      ...(netCode !== undefined ? { netCode } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(responseHeaders !== undefined ? { headers: responseHeaders } : {}),
    };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}
