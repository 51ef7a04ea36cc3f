/**
 * Drift telemetry: every upstream answer the transport reads is compared with its spec (the drift checker,
 * compiled from openapi/ at start-up), and each deviation counts in
 * `archera_graphql_upstream_drift_total{endpoint, kind, field}`. Each (endpoint, kind, field) is also logged
 * once per process, as a warning naming the endpoint, kind and field only: never a value, an id or a key.
 */
import type { Logger } from 'pino';
import type { EndpointName } from '../upstream/endpoints';
import type { DriftChecker, DriftFinding, HeaderSource } from '../upstream/drift';
import type { GatewayMetrics } from './metrics';

/** Logged (endpoint, kind, field) triples: bounded, as the checker bounds fields per endpoint. */
const MAX_LOGGED = 10_000;

export class DriftTelemetry {
  private readonly logged = new Set<string>();

  constructor(
    private readonly checker: DriftChecker,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  /** The transport's observeAnswer hook: a parsed 2xx body (undefined when it was not JSON) and its headers. */
  observe(endpoint: EndpointName, body: unknown, headers: HeaderSource): void {
    this.record(this.checker.check(endpoint, body));
    this.record(this.checker.checkHeaders(endpoint, headers));
  }

  private record(findings: readonly DriftFinding[]): void {
    for (const { endpoint, kind, field } of findings) {
      this.metrics.observeDrift(endpoint, kind, field);
      const key = `${endpoint}\u0000${kind}\u0000${field}`;
      if (this.logged.has(key) || this.logged.size >= MAX_LOGGED) continue;
      this.logged.add(key);
      this.logger.warn(
        { endpoint, kind, field },
        "Archera's answer differs from our spec (openapi/): counted in archera_graphql_upstream_drift_total; logged once",
      );
    }
  }
}
