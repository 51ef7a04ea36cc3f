/**
 * One HTTP exchange with Archera under its own timer: send, read the body (bounded), and say what
 * happened without throwing. Deciding what that means (success, retry, which error) is outcome.ts's job.
 */
import { EventEmitter } from 'node:events';
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

const ignore = (): void => undefined;

/** What a body that closed before its end fails with (as a stream's async iterator would). */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a body up to `limit` bytes; past it, fails (or, with truncate, keeps what it has). By its events:
 * the same outcomes as iterating it, without an async iterator and a promise per chunk.
 */
function readBody(body: Dispatcher.ResponseData['body'], limit: number, truncate: boolean): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (err: unknown, buffer?: Buffer): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      // Whatever the body does from now on is no one's concern (an error must not go unhandled).
      body.on('error', ignore);
      if (buffer) resolve(buffer);
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        // Destroying releases the socket instead of draining an unbounded body.
        body.destroy();
        if (!truncate) {
          settle(new BodyTooLargeError());
          return;
        }
        chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        settle(undefined, Buffer.concat(chunks, size));
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = (): void => settle(undefined, Buffer.concat(chunks, size));
    const onError = (err: Error): void => settle(err);
    const onClose = (): void => settle(prematureClose());
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/**
 * An attempt's abort signal. undici takes an EventEmitter as a signal (its `reason`, when set, is what the
 * request fails with): lighter than an AbortController per attempt, which only a caller's signal needs.
 */
class AttemptSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** One HTTP exchange; never throws. The body is always read or destroyed. */
export async function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<AttemptResult> {
  const controller = new AttemptSignal();
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
      signal: controller,
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
