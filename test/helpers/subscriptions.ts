/**
 * A graphql-ws client for tests, as a browser or a router would connect: one WebSocket per `connect()`, the
 * key in `connection_init`. A subscription collects its results; tests wait on what arrives (never on time).
 */
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Watched {
  /** Everything received so far, in order. */
  results: FormattedExecutionResult[];
  /** Resolves once `count` results arrived (or rejects when the subscription ended before). */
  received(count: number): Promise<FormattedExecutionResult[]>;
  /** Resolves when the server completed (or ended) the subscription. */
  ended: Promise<void>;
  unsubscribe(): void;
}

export interface TestSocket {
  client: Client;
  subscribe(query: string, variables?: Record<string, unknown>): Watched;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** `key`: sent in connection_init; null sends none. */
export function connect(origin: string, key: string | null = 'demo'): TestSocket {
  let closedWith!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key === null ? {} : { 'x-api-key': key },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => closedWith((event as { code: number }).code) },
  });
  return {
    client,
    closed,
    subscribe(query, variables) {
      const results: FormattedExecutionResult[] = [];
      const waiters: Array<{ count: number; resolve: () => void; reject: (e: Error) => void }> = [];
      let done = false;
      let endedWith!: () => void;
      const ended = new Promise<void>((resolve) => (endedWith = resolve));
      const settle = (): void => {
        for (const w of waiters.splice(0)) {
          if (results.length >= w.count) w.resolve();
          else if (done)
            w.reject(new Error(`ended after ${results.length} result(s): ${JSON.stringify(results)}`));
          else waiters.push(w);
        }
      };
      const finish = (): void => {
        done = true;
        settle();
        endedWith();
      };
      const unsubscribe = client.subscribe(
        { query, variables },
        {
          next: (result) => {
            results.push(result as FormattedExecutionResult);
            settle();
          },
          error: (error) => {
            results.push({ errors: errorsOf(error) } as FormattedExecutionResult);
            finish();
          },
          complete: finish,
        },
      );
      return {
        results,
        ended,
        unsubscribe,
        received: (count) =>
          new Promise<FormattedExecutionResult[]>((resolve, reject) => {
            waiters.push({ count, resolve: () => resolve(results.slice(0, count)), reject });
            settle();
          }),
      };
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** graphql-ws reports refusals as an array of errors, a close event or an Error. */
function errorsOf(error: unknown): Array<{ message: string; extensions?: Record<string, unknown> }> {
  if (Array.isArray(error)) return error as Array<{ message: string }>;
  if (error instanceof Error) return [{ message: error.message }];
  const close = error as { code?: number; reason?: string };
  return [
    { message: `closed ${close.code ?? '?'}: ${close.reason ?? ''}`, extensions: { closeCode: close.code } },
  ];
}
