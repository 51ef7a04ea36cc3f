/**
 * Readiness (/readyz): ready to serve when the upstream answers HTTP at all (any status below 500: a 401 or
 * 404 from the API root still proves it is reachable) and, when REDIS_URL is set, Redis answers PING
 * (while its breaker is open no PING is sent: not ready at once). Not ready while draining for shutdown.
 * Results are cached briefly and concurrent probes share one check, so frequent probes never turn into
 * upstream load. The probe sends no API key.
 */
import { Agent, request } from 'undici';

/** What readiness needs of the shared Redis connection (src/stores/guarded-redis.ts). */
export interface Pingable {
  /** Fails at once while the connection's breaker is open, else within its own deadline. */
  ping(): Promise<unknown>;
  /** The connection's state (connecting, up, failing, open), reported with the check. */
  state?(): string;
}

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs?: number;
  /** Why it is down (no secrets: an HTTP status or an error code). */
  error?: string;
  /** Redis: the state of its connection (see Pingable.state). */
  state?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not ready' | 'draining';
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  /** Upstream base URL (the probe asks GET <base>/). */
  upstreamUrl: string;
  /** The gateway's shared Redis connection, when REDIS_URL is set. */
  redis?: Pingable | undefined;
  /** Per check. Default 2000 ms. */
  timeoutMs?: number;
  /** How long a result is reused. Default 2000 ms. */
  cacheMs?: number;
}

function errorName(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'Error';
}

export class Readiness {
  private readonly agent: Agent;
  private readonly redis: Pingable | undefined;
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly probeUrl: string;
  private draining = false;
  private last: { at: number; report: ReadinessReport } | undefined;
  private pending: Promise<ReadinessReport> | undefined;

  constructor(options: ReadinessOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.cacheMs = options.cacheMs ?? 2000;
    this.probeUrl = `${options.upstreamUrl.replace(/\/+$/, '')}/`;
    this.agent = new Agent({ connections: 1, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
    this.redis = options.redis;
  }

  /** From now on not ready: the load balancer should stop sending traffic. */
  markDraining(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessReport> {
    if (this.draining) return { status: 'draining', checks: {} };
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.report;
    this.pending ??= this.run().finally(() => (this.pending = undefined));
    return this.pending;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async run(): Promise<ReadinessReport> {
    const checks: Record<string, CheckResult> = {};
    const [upstream, redis] = await Promise.all([
      this.checkUpstream(),
      this.redis ? this.checkRedis(this.redis) : undefined,
    ]);
    checks.upstream = upstream;
    if (redis) checks.redis = redis;
    const ready = Object.values(checks).every((c) => c.status === 'up');
    const report: ReadinessReport = { status: ready ? 'ready' : 'not ready', checks };
    this.last = { at: Date.now(), report };
    return report;
  }

  private async checkUpstream(): Promise<CheckResult> {
    const started = performance.now();
    try {
      const res = await request(this.probeUrl, {
        method: 'GET',
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump();
      const latencyMs = Math.round(performance.now() - started);
      return res.statusCode < 500
        ? { status: 'up', latencyMs }
        : { status: 'down', latencyMs, error: `HTTP ${res.statusCode}` };
    } catch (err) {
      return { status: 'down', error: errorName(err) };
    }
  }

  private async checkRedis(redis: Pingable): Promise<CheckResult> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
          this.timeoutMs,
        );
      });
      await Promise.race([redis.ping(), timeout]);
      return {
        status: 'up',
        latencyMs: Math.round(performance.now() - started),
        ...(redis.state ? { state: redis.state() } : {}),
      };
    } catch (err) {
      return { status: 'down', error: errorName(err), ...(redis.state ? { state: redis.state() } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }
}
