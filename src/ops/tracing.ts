/**
 * OpenTelemetry tracing: one span per GraphQL operation, one per resolver that can fetch (those that use
 * the request context: loaders or mutations), one per reference resolver, and one per upstream HTTP
 * attempt. Off unless configured with the standard OTEL_* variables: then the OpenTelemetry Node SDK is
 * started for traces only (no metrics or logs exporters, no auto-instrumentation) and exports by OTLP.
 * With tracing off, nothing here runs: no SDK, no plugin, no resolver wrapping.
 *
 * Span attributes never carry an API key, headers or query text: only names, ids of our own making, the
 * upstream endpoint name, status and error codes.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { UpstreamCallEvent } from '../upstream';
import type { GatewayContext } from '../resolvers/context';
import { UPSTREAM_ENDPOINTS } from '../upstream/endpoints';

export const TRACER_NAME = 'archera-graphql';
const DEFAULT_SERVICE_NAME = 'archera-graphql';

type Env = Record<string, string | undefined>;

const set = (env: Env, name: string): boolean => (env[name]?.trim() ?? '') !== '';

/**
 * Tracing is configured when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER names an exporter, and neither
 * OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says otherwise.
 */
export function tracingConfigured(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (exporters.includes('none')) return false;
  return (
    exporters.length > 0 ||
    set(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ||
    set(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')
  );
}

export interface TracingRuntime {
  tracer: Tracer;
  /** Flushes and stops the SDK; gives up after timeoutMs (an unreachable collector must not hold exit). */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface StartTracingOptions {
  env?: Env;
  /** Tests: span processors instead of the exporter the OTEL_* variables name. Forces tracing on. */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts the OpenTelemetry Node SDK for traces when configured (see tracingConfigured); undefined otherwise.
 * The exporter, protocol, endpoint, headers, sampler and resource come from the standard OTEL_* variables
 * (OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf by default, http/json, grpc; OTEL_TRACES_SAMPLER; ...).
 * OTEL_SERVICE_NAME defaults to archera-graphql.
 */
export function startTracing(options: StartTracingOptions = {}): TracingRuntime | undefined {
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingConfigured(env)) return undefined;
  const named =
    set(env, 'OTEL_SERVICE_NAME') || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    ...(named ? {} : { serviceName: DEFAULT_SERVICE_NAME }),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    // Traces only: metrics are Prometheus' (/metrics), logs are pino's (stdout).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return {
    tracer: trace.getTracer(TRACER_NAME),
    shutdown: (timeoutMs = 3000) => withTimeout(sdk.shutdown(), timeoutMs),
  };
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const headerGetter: TextMapGetter<Map<string, string>> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key),
};

const ENDPOINT_PATHS = new Map<string, string>(UPSTREAM_ENDPOINTS.map((e) => [e.name, e.path]));

type AnyResolver = GraphQLFieldResolver<unknown, unknown>;
type ReferenceResolver = (reference: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function errorCodeOf(err: unknown): string {
  const ext = (err as { extensions?: { code?: unknown } } | null)?.extensions;
  if (typeof ext?.code === 'string') return ext.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

function fail(span: Span, err: unknown): void {
  // The code only: messages may echo upstream text, and a span is exported to a third party.
  const code = errorCodeOf(err);
  span.setAttribute('graphql.error.code', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** Ends a span when a (possibly asynchronous) result settles. */
function endWith<T>(span: Span, result: T): T {
  if (!isPromiseLike(result)) {
    span.end();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      span.end();
      return value;
    },
    (err: unknown) => {
      fail(span, err);
      span.end();
      throw err;
    },
  ) as T;
}

export class GatewayTracing {
  /** The operation span of each request, keyed by its context object. */
  private readonly operations = new WeakMap<object, Span>();
  private readonly upstreamServer: Record<string, string | number>;

  constructor(
    readonly tracer: Tracer,
    upstreamBaseUrl?: string,
  ) {
    const url = upstreamBaseUrl ? new URL(upstreamBaseUrl) : undefined;
    this.upstreamServer = url
      ? {
          'server.address': url.hostname,
          'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        }
      : {};
  }

  /** The trace id of a request's operation span (for its log line). */
  traceIdOf(ctx: object): string | undefined {
    return this.operations.get(ctx)?.spanContext().traceId;
  }

  /** Apollo plugin: the operation span, child of the caller's `traceparent` when there is one. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async (rc: GraphQLRequestContext<GatewayContext>) => {
        const headers = rc.request.http?.headers;
        const parent = headers ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
        const span = this.tracer.startSpan(
          'GraphQL Operation',
          { kind: SpanKind.SERVER, attributes: { 'archera.request_id': rc.contextValue.requestId } },
          parent,
        );
        this.operations.set(rc.contextValue, span);
        return {
          didResolveOperation: async ({ operation, operationName }) => {
            if (!operation) return;
            span.setAttribute('graphql.operation.type', operation.operation);
            if (operationName) span.setAttribute('graphql.operation.name', operationName);
            span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          },
          willSendResponse: async ({ response }) => {
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            if (errors?.length) {
              const codes = [...new Set(errors.map((e) => errorCodeOf(e)))];
              span.setAttribute('graphql.error.codes', codes);
              span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
            }
            span.end();
          },
        };
      },
    };
  }

  /**
   * Wraps, in place, every resolver that can fetch: field resolvers that take the context (the third
   * parameter: loaders, mutations) and entity reference resolvers. Resolvers that only read their parent
   * (ids, scopes) and the default field resolver are left alone, so a 500-row page does not make 5 000 spans.
   */
  instrumentSchema(schema: GraphQLSchema): void {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const resolve = field.resolve as AnyResolver | undefined;
        if (resolve && resolve.length >= 3) {
          field.resolve = this.wrapField(`${type.name}.${field.name}`, resolve);
        }
      }
      const extensions = type.extensions as {
        apollo?: { subgraph?: { resolveReference?: ReferenceResolver } };
      };
      const reference = extensions.apollo?.subgraph?.resolveReference;
      if (reference) {
        extensions.apollo!.subgraph!.resolveReference = this.wrapReference(type.name, reference);
      }
    }
  }

  private parentContext(ctx: unknown): Context {
    const op = typeof ctx === 'object' && ctx !== null ? this.operations.get(ctx) : undefined;
    return op ? trace.setSpan(context.active(), op) : context.active();
  }

  private wrapField(coordinate: string, resolve: AnyResolver): AnyResolver {
    const name = `graphql.resolve ${coordinate}`;
    return (source, args, ctx, info) => {
      const span = this.tracer.startSpan(
        name,
        {
          attributes: {
            'graphql.field.coordinate': coordinate,
            'graphql.field.path': responsePathAsArray(info.path).join('.'),
          },
        },
        this.parentContext(ctx),
      );
      try {
        return endWith(
          span,
          context.with(trace.setSpan(context.active(), span), () => resolve(source, args, ctx, info)),
        );
      } catch (err) {
        fail(span, err);
        span.end();
        throw err;
      }
    };
  }

  private wrapReference(typeName: string, resolve: ReferenceResolver): ReferenceResolver {
    const name = `graphql.resolveReference ${typeName}`;
    return (reference, ctx, info) => {
      // Under the `_entities` field span, which is the active context here.
      const span = this.tracer.startSpan(name, { attributes: { 'graphql.entity.type': typeName } });
      try {
        return endWith(
          span,
          context.with(trace.setSpan(context.active(), span), () => resolve(reference, ctx, info)),
        );
      } catch (err) {
        fail(span, err);
        span.end();
        throw err;
      }
    };
  }

  /**
   * One CLIENT span per upstream HTTP attempt, recorded when the attempt ends (the transport's onCall hook
   * runs in the async context of the call, so the span's parent is the resolver that fetched).
   */
  onUpstreamCall(event: UpstreamCallEvent): void {
    const end = Date.now();
    const span = this.tracer.startSpan(`${event.method} ${event.endpoint}`, {
      kind: SpanKind.CLIENT,
      startTime: end - event.durationMs,
      attributes: {
        'http.request.method': event.method,
        'url.template': ENDPOINT_PATHS.get(event.endpoint) ?? event.endpoint,
        'archera.endpoint': event.endpoint,
        'archera.attempt': event.attempt,
        'archera.retried': event.retried,
        ...this.upstreamServer,
        ...(event.status !== undefined ? { 'http.response.status_code': event.status } : {}),
        ...(event.errorCode !== undefined ? { 'archera.error_code': event.errorCode } : {}),
      },
    });
    if (event.errorCode !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode });
    span.end(end);
  }
}
