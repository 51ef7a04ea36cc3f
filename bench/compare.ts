/**
 * `npm run bench`: one run, one machine, one simulator (its own process, 0 ms injected latency): the
 * one-call query as direct REST, through a bare pass-through proxy, through our gateway with and without
 * loaders, and through GraphQL Mesh generated from the same v1 spec; the nested queries through the three
 * GraphQL targets (and an experiment). Each target is a process of its own, all up at once; the load
 * generator (autocannon, bench/load.mjs) is a process per run. Targets are measured in rounds (the order
 * rotates); each row keeps its fastest quiet run. Reports throughput, p50/p99, upstream calls per query (one
 * request alone, and averaged under load), target CPU per query and RSS; then, with BENCH_LATENCY_MS
 * injected, the nested queries' p50 next to their critical path. Writes bench/results/compare-<time>.{json,md}
 * and prints the tables.
 *
 * Settings: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (5), BENCH_CONNECTIONS (8), BENCH_ROUNDS (3),
 * BENCH_ATTEMPTS (3: runs of a row in a round while other work disturbs it), BENCH_MAX_MINUTES (20: then no
 * more waiting for a quiet machine or repeating), BENCH_LATENCY_MS (25), BENCH_RUNS (40), BENCH_TARGETS
 * (direct,proxy,floor,gateway,naive,coalescing,lean,mesh), BENCH_WORKLOADS (one-call,nested,plan-page),
 * BENCH_RATE (unset: each row as fast as its target answers; a number: every row at that many requests per
 * second, so CPU per query compares targets at the same load, where batching of syscalls is alike),
 * BENCH_CPU_PROF=1 (the gateway targets write V8 CPU profiles to bench/results/profiles/<target>/; summarise
 * the largest with bench/profile-summary.mjs).
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request, type Dispatcher } from 'undici';
import type { SimulatorCall } from '../src/simulator';
import { WORKLOADS, type HttpStep, type Workload } from './compare-queries';
import { levelsOf, replayLevels, type Level } from './critical-path';
import {
  freePort,
  machineCpuMs,
  runNode,
  startProcess,
  usageOf,
  waitForQuiet,
  type Started,
  type Usage,
} from './processes';
import { markdownTable, percentile } from './stats';

function setting(name: string, fallback: number, max = 600): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name}: an integer from 1 to ${max}`);
  return value;
}

const SECONDS = setting('BENCH_SECONDS', 10);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 5);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 8);
const LATENCY_MS = setting('BENCH_LATENCY_MS', 25);
const RUNS = setting('BENCH_RUNS', 40);
const ROUNDS = setting('BENCH_ROUNDS', 3);
const ATTEMPTS = setting('BENCH_ATTEMPTS', 3);
/** Waiting for a quiet machine and repeating disturbed runs stop after this many minutes of load phase. */
const MAX_MINUTES = setting('BENCH_MAX_MINUTES', 20);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const RATE = process.env.BENCH_RATE ? setting('BENCH_RATE', 1, 100_000) : undefined;
/**
 * Before each run, wait (at most 60 s) until other work (another session's tests on a shared machine, say)
 * uses less than this share of the machine; a run during which it used more is repeated.
 */
const QUIET_SHARE = 0.1;
const API_KEY = 'demo';

const ROOT = path.resolve(__dirname, '..');
const BENCH = __dirname;
const RESULTS = path.join(BENCH, 'results');
const MESH_DIR = path.join(BENCH, 'mesh');
const BIN = path.join(BENCH, 'node_modules', '.bin');
// Outside bench/: compiled files there would resolve packages from bench/node_modules (Mesh's tree has its
// own graphql, dataloader, prom-client, OpenTelemetry...) before the gateway's own. .tmp/ is git-ignored.
const BUILD = path.join(ROOT, '.tmp', 'bench-build');
const DIST = path.join(BUILD, 'dist');

type TargetKey = 'direct' | 'proxy' | 'floor' | 'gateway' | 'naive' | 'coalescing' | 'lean' | 'mesh';

interface Target {
  key: TargetKey;
  label: string;
  /** Starts the target's process (none for direct); resolves to its base URL. */
  start(simulatorUrl: string): Promise<{ url: string; process?: Started }>;
  /** The target's operation for a workload, or undefined when it has none. */
  steps(w: Workload): HttpStep[] | undefined;
  /** Headers added to its GraphQL requests. */
  headers?: Record<string, string>;
  /** Also measured against the critical path (nested queries, injected latency). */
  latencyPhase: boolean;
  /** An experiment: when it cannot start (src changed under it), the run goes on without it. */
  optional?: boolean;
}

interface LoadRow {
  workload: Workload['key'];
  target: TargetKey;
  perSecond: number;
  p50: number;
  p99: number;
  /** Upstream calls of one operation sent alone. */
  calls: number;
  /** Upstream calls per operation over the measured run (coalescing across requests shows here). */
  callsUnderLoad: number;
  cpuMsPerOp: number | undefined;
  rssMb: number | undefined;
  failed: number;
  /** Share of the machine's CPU used by anything but the simulator, the target and the load generator. */
  otherShare: number;
  /** Throughput of every run of this row (all rounds and repeats): the spread is the noise. */
  allPerSecond: number[];
}

interface LatencyRow {
  workload: Workload['key'];
  target: TargetKey;
  calls: number;
  levels: number;
  /** The target whose calls, level after level, are the critical path (the fewest levels, then calls). */
  criticalFrom: TargetKey;
  criticalLevels: number;
  criticalCalls: number;
  critical: number;
  p50: number;
  p99: number;
}

interface MemoryRow {
  target: TargetKey;
  idleMb: number;
  peakMb: number;
}

/** One directory per target: node writes a profile per thread (the main one is the largest). */
const profileArgs = (name: string): string[] =>
  CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS, 'profiles', name)}`] : [];

const GATEWAY_LABELS = {
  gateway: 'our gateway (loaders)',
  naive: 'our gateway, naive (no loaders)',
  coalescing: 'our gateway (loaders), coalescing on',
} as const;

/**
 * Our gateway runs with RESPONSE_CACHE=off, and (but for the "coalescing" target) its requests carry
 * `Cache-Control: no-cache`, which also bypasses the coalescing of identical upstream GETs in flight across
 * requests: every query pays for its own upstream calls, as through the bare proxy. With 8 connections
 * sending the same query, coalescing on shares most upstream calls; that target shows it (one-call only).
 */
function gatewayTarget(key: keyof typeof GATEWAY_LABELS): Target {
  return {
    key,
    label: GATEWAY_LABELS[key],
    async start(simulatorUrl) {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        ARCHERA_API_URL: simulatorUrl,
        RESPONSE_CACHE: 'off',
        // One API key sends every request: its per-minute cost budget (a tenant-fairness limit) would answer
        // 429 within seconds. 0 turns the budget off; the per-operation cost check still runs.
        GRAPHQL_COST_BUDGET_PER_MINUTE: '0',
        IDEMPOTENCY_JOURNAL: path.join(RESULTS, `${key}.idempotency.journal`),
      };
      delete env.ARCHERA_API_KEY;
      delete env.REDIS_URL;
      if (key === 'naive') env.ARCHERA_LOADERS = 'naive';
      else delete env.ARCHERA_LOADERS;
      const url = `http://127.0.0.1:${port}`;
      const started = await startProcess({
        name: key,
        args: [...profileArgs(key), path.join(DIST, 'main.js')],
        cwd: ROOT,
        env,
        logFile: path.join(RESULTS, `${key}.log`),
        readyUrl: `${url}/healthz`,
      });
      return { url, process: started };
    },
    steps: (w) => (key === 'coalescing' && w.key !== 'one-call' ? undefined : [w.gateway]),
    ...(key === 'coalescing' ? {} : { headers: { 'cache-control': 'no-cache' } }),
    latencyPhase: key === 'gateway' || key === 'naive',
  };
}

const TARGETS: Target[] = [
  {
    key: 'direct',
    label: 'direct REST (simulator)',
    start: (simulatorUrl) => Promise.resolve({ url: simulatorUrl }),
    steps: (w) => (w.rest ? [w.rest] : undefined),
    latencyPhase: false,
  },
  {
    key: 'proxy',
    label: 'bare proxy (node:http + undici)',
    async start(simulatorUrl) {
      const port = await freePort();
      const started = await startProcess({
        name: 'proxy',
        args: [path.join(BENCH, 'bare-proxy.mjs')],
        cwd: ROOT,
        env: { ...process.env, UPSTREAM_URL: simulatorUrl, PORT: String(port) },
        logFile: path.join(RESULTS, 'proxy.log'),
        readyLine: /listening/,
      });
      return { url: `http://127.0.0.1:${port}`, process: started };
    },
    steps: (w) => (w.rest ? [w.rest] : undefined),
    latencyPhase: false,
  },
  {
    key: 'floor',
    label: 'Apollo floor: Apollo Server 5, one resolver, our HTTP front',
    async start(simulatorUrl) {
      const port = await freePort();
      const started = await startProcess({
        name: 'floor',
        args: [...profileArgs('floor'), path.join(BENCH, 'apollo-floor.mjs')],
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DIST,
          ARCHERA_API_URL: simulatorUrl,
          PORT: String(port),
        },
        logFile: path.join(RESULTS, 'floor.log'),
        readyLine: /listening/,
        timeoutMs: 30_000,
      });
      return { url: `http://127.0.0.1:${port}`, process: started };
    },
    // The same request as our gateway's (query text, variables, headers): only the one-call query.
    steps: (w) => (w.key === 'one-call' ? [w.gateway] : undefined),
    headers: { 'cache-control': 'no-cache' },
    latencyPhase: false,
  },
  gatewayTarget('gateway'),
  gatewayTarget('naive'),
  gatewayTarget('coalescing'),
  {
    key: 'lean',
    label: 'experiment: our resolvers, node:http + graphql-js, no Apollo',
    async start(simulatorUrl) {
      const port = await freePort();
      const started = await startProcess({
        name: 'lean',
        args: [...profileArgs('lean'), path.join(BENCH, 'experiments', 'lean-gateway.mjs')],
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DIST,
          ARCHERA_API_URL: simulatorUrl,
          PORT: String(port),
        },
        logFile: path.join(RESULTS, 'lean.log'),
        readyLine: /listening/,
        timeoutMs: 30_000,
      });
      return { url: `http://127.0.0.1:${port}`, process: started };
    },
    steps: (w) => (w.key === 'plan-page' ? undefined : [w.gateway]),
    latencyPhase: false,
    optional: true,
  },
  {
    key: 'mesh',
    label: 'GraphQL Mesh (Hive Gateway)',
    async start(simulatorUrl) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const started = await startProcess({
        name: 'mesh',
        args: [
          path.join(BIN, 'hive-gateway'),
          'supergraph',
          '../results/mesh/supergraph.graphql',
          '-c',
          'gateway.config.mjs',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
        ],
        cwd: MESH_DIR,
        env: { ...process.env, NODE_ENV: 'production', ARCHERA_API_URL: simulatorUrl },
        logFile: path.join(RESULTS, 'mesh.log'),
        readyUrl: `${url}/healthcheck`,
      });
      return { url, process: started };
    },
    steps: (w) => w.mesh,
    latencyPhase: true,
  },
];

const headersOf = (step: HttpStep, extra: Record<string, string> = {}): Record<string, string> =>
  step.method === 'GET'
    ? { 'x-api-key': API_KEY }
    : { 'content-type': 'application/json', 'x-api-key': API_KEY, ...extra };

/** A GraphQL answer that carries errors, or (Mesh) an error member of a response union selected as `{}`. */
function graphqlProblem(body: unknown): string | undefined {
  const answer = body as { data?: unknown; errors?: unknown };
  if (answer.errors !== undefined) return JSON.stringify(answer.errors).slice(0, 500);
  if (answer.data === null || answer.data === undefined) return 'no data';
  const empty = (v: unknown): boolean =>
    v !== null &&
    typeof v === 'object' &&
    (Array.isArray(v) ? v.some(empty) : Object.keys(v).length === 0 || Object.values(v).some(empty));
  return empty(answer.data) ? `an empty object in ${JSON.stringify(answer.data).slice(0, 300)}` : undefined;
}

/** Sends one operation (its steps in order) and checks every answer. */
async function sendOperation(
  base: string,
  steps: HttpStep[],
  dispatcher: Dispatcher,
  extra?: Record<string, string>,
): Promise<void> {
  for (const step of steps) {
    const res = await request(`${base}${step.path}`, {
      method: step.method,
      headers: headersOf(step, extra),
      body: step.body ?? null,
      dispatcher,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw new Error(`${step.method} ${base}${step.path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    if (step.path === '/graphql') {
      const problem = graphqlProblem(JSON.parse(text));
      if (problem) throw new Error(`${base}${step.path}: ${problem}`);
    }
  }
}

class SimulatorAdmin {
  constructor(
    readonly url: string,
    private readonly dispatcher: Dispatcher,
  ) {}

  private async call(method: 'GET' | 'PUT' | 'DELETE', what: string, body?: unknown): Promise<unknown> {
    const res = await request(`${this.url}/__simulator/${what}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`simulator admin ${method} ${what}: HTTP ${res.statusCode}`);
    return text ? JSON.parse(text) : undefined;
  }

  calls = async (): Promise<SimulatorCall[]> => (await this.call('GET', 'calls')) as SimulatorCall[];
  resetCalls = async (): Promise<void> => void (await this.call('DELETE', 'calls'));
  setLatency = async (ms: number): Promise<void> => void (await this.call('PUT', 'latency', { ms }));
}

async function load(
  url: string,
  steps: HttpStep[],
  seconds: number,
  extra?: Record<string, string>,
): Promise<{
  operations: number;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  cpuMs: number;
}> {
  const job = {
    url,
    connections: CONNECTIONS,
    durationSeconds: seconds,
    ...(RATE ? { rate: RATE } : {}),
    steps: steps.map((s) => ({ method: s.method, path: s.path, headers: headersOf(s, extra), body: s.body })),
  };
  const out = await runNode(
    [path.join(BENCH, 'load.mjs'), JSON.stringify(job)],
    BENCH,
    (seconds + 60) * 1000,
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Awaited<ReturnType<typeof load>>;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * The gateway and the simulator compiled as `npm run build` does (tsconfig.build.json) into
 * .tmp/bench-build/dist, and run by plain node like Mesh and the proxy (tsx would add its loader's memory).
 * The gateway reads schema/ and examples/ relative to its compiled files, so they are linked beside dist/.
 * A colleague's half-finished edit with type errors still emits; only a missing main.js stops the run.
 */
async function buildGateway(): Promise<void> {
  process.stdout.write('gateway: compiling (tsc -p tsconfig.build.json)...\n');
  rmSync(BUILD, { recursive: true, force: true });
  mkdirSync(BUILD, { recursive: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await runNode([tsc, '-p', 'tsconfig.build.json', '--outDir', DIST], ROOT, 300_000);
  } catch (err) {
    if (!existsSync(path.join(DIST, 'main.js'))) throw err;
    process.stdout.write('gateway: tsc reported type errors (emitted anyway)\n');
  }
  for (const dir of ['schema', 'examples', 'openapi']) {
    if (existsSync(path.join(ROOT, dir))) symlinkSync(path.join(ROOT, dir), path.join(BUILD, dir));
  }
}

async function prepareMesh(): Promise<void> {
  if (!existsSync(path.join(BIN, 'hive-gateway')) || !existsSync(path.join(BIN, 'autocannon'))) {
    throw new Error(
      'bench/node_modules is missing: run `npm ci --prefix bench` (or `npm run bench`, which does)',
    );
  }
  process.stdout.write('mesh: preparing the spec copy and composing the supergraph...\n');
  await runNode([path.join(MESH_DIR, 'prepare-spec.mjs')], MESH_DIR, 60_000);
  await runNode([path.join(BIN, 'mesh-compose'), '-c', 'mesh.config.mjs'], MESH_DIR, 120_000);
}

const f0 = (n: number): string => n.toFixed(0);
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const x = (n: number): string => `${n.toFixed(2)}x`;
const pct = (share: number): string => `${(100 * share).toFixed(0)}%`;

/**
 * Which of two runs of a row to keep: other work only ever slows a run down, so among the quiet runs the
 * fastest (best of N), else the least disturbed.
 */
function better(a: LoadRow, b: LoadRow): boolean {
  const quietA = a.otherShare <= QUIET_SHARE;
  const quietB = b.otherShare <= QUIET_SHARE;
  if (quietA !== quietB) return quietA;
  return quietA ? a.perSecond > b.perSecond : a.otherShare < b.otherShare;
}

interface Running {
  target: Target;
  url: string;
  proc: Started | undefined;
  idle: Usage | undefined;
}

/** One measured run (after the warm-up), with the CPU of every process around it. */
async function measure(
  r: Running,
  w: Workload,
  steps: HttpStep[],
  calls: number,
  simulator: Started,
  admin: SimulatorAdmin,
  deadline: number,
): Promise<LoadRow> {
  await waitForQuiet(QUIET_SHARE, Math.max(0, Math.min(60_000, deadline - Date.now())));
  await admin.resetCalls();
  const m0 = machineCpuMs();
  const s0 = usageOf(simulator.pid);
  const before = r.proc ? usageOf(r.proc.pid) : undefined;
  const result = await load(r.url, steps, SECONDS, r.target.headers);
  const after = r.proc ? usageOf(r.proc.pid) : undefined;
  const s1 = usageOf(simulator.pid);
  const m1 = machineCpuMs();
  const targetMs = before && after ? after.cpuMs - before.cpuMs : 0;
  const ownMs = targetMs + (s1.cpuMs - s0.cpuMs) + result.cpuMs;
  const callsDuringRun = (await admin.calls()).length;
  await admin.resetCalls();
  return {
    workload: w.key,
    target: r.target.key,
    perSecond: result.perSecond,
    p50: result.p50,
    p99: result.p99,
    calls,
    callsUnderLoad: result.operations > 0 ? callsDuringRun / result.operations : Number.NaN,
    cpuMsPerOp: before && after && result.operations > 0 ? targetMs / result.operations : undefined,
    rssMb: after?.rssMb,
    failed: result.failed,
    otherShare: Math.max(0, (m1.busy - m0.busy - ownMs) / Math.max(1, m1.total - m0.total)),
    allPerSecond: [],
  };
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const wanted = (process.env.BENCH_TARGETS ?? 'direct,proxy,floor,gateway,naive,coalescing,lean,mesh')
    .split(',')
    .map((s) => s.trim());
  const targets = TARGETS.filter((t) => wanted.includes(t.key));
  const workloadKeys = (process.env.BENCH_WORKLOADS ?? 'one-call,nested,plan-page')
    .split(',')
    .map((s) => s.trim());
  const workloads = WORKLOADS.filter((w) => workloadKeys.includes(w.key));
  if (targets.some((t) => t.key === 'mesh')) await prepareMesh();
  await buildGateway();

  const client = new Agent({ connections: 8 });
  // Critical-path replays fan out like the gateway does: enough connections that no call waits for a socket.
  const direct = new Agent({ connections: 64 });
  const simulator = await startProcess({
    name: 'simulator',
    args: [path.join(DIST, 'simulator', 'main.js')],
    cwd: ROOT,
    env: {
      ...process.env,
      SIMULATOR_PORT: '0',
      SIMULATOR_HOST: '127.0.0.1',
      SIMULATOR_LATENCY_MS: '0',
      SIMULATOR_FAULTS: '',
    },
    logFile: path.join(RESULTS, 'simulator.log'),
    readyLine: /listening on (http:\/\/[^\s]+)/,
  });
  const simulatorUrl = simulator.readyMatch?.[1];
  if (!simulatorUrl) throw new Error('simulator: no URL in its banner');
  const admin = new SimulatorAdmin(simulatorUrl, client);

  const best = new Map<string, LoadRow>();
  const allRuns = new Map<string, number[]>();
  const latencyRows: LatencyRow[] = [];
  const memoryRows: MemoryRow[] = [];
  const started = new Date();
  const running: Running[] = [];
  try {
    // Every target up at once (idle ones cost nothing), so rounds can interleave them.
    for (const target of targets) {
      process.stdout.write(`${target.label}: starting\n`);
      try {
        const { url, process: proc } = await target.start(simulatorUrl);
        running.push({ target, url, proc, idle: proc ? usageOf(proc.pid) : undefined });
      } catch (err) {
        if (!target.optional) throw err;
        process.stdout.write(`${target.label}: skipped, it did not start (${String(err)})\n`);
      }
    }

    // Upstream calls of one operation sent alone (and a check that every target answers it correctly).
    const callsOf = new Map<string, number>();
    for (const w of workloads) {
      for (const r of [...running]) {
        const steps = r.target.steps(w);
        if (!steps) continue;
        await admin.resetCalls();
        try {
          await sendOperation(r.url, steps, client, r.target.headers);
        } catch (err) {
          if (!r.target.optional) throw err;
          process.stdout.write(`${r.target.label}: skipped, it answered wrongly (${String(err)})\n`);
          running.splice(running.indexOf(r), 1);
          await r.proc?.stop();
          continue;
        }
        callsOf.set(`${w.key}/${r.target.key}`, (await admin.calls()).length);
      }
    }

    // Rounds: every target in turn (the order rotates), so a burst of other work on a shared machine hits
    // them alike; each row keeps the round with the least other work.
    const deadline = Date.now() + MAX_MINUTES * 60_000;
    for (let round = 1; round <= ROUNDS; round++) {
      const order = [...running.slice(round - 1), ...running.slice(0, round - 1)];
      for (const w of workloads) {
        for (const r of order) {
          const steps = r.target.steps(w);
          if (!steps) continue;
          const key = `${w.key}/${r.target.key}`;
          if (round === 1) await load(r.url, steps, WARMUP_SECONDS, r.target.headers);
          // A run disturbed by other work is repeated (at most ATTEMPTS times a round, within the time budget).
          for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            const row = await measure(r, w, steps, callsOf.get(key) ?? 0, simulator, admin, deadline);
            await sendOperation(r.url, steps, client, r.target.headers); // still answering correctly
            process.stdout.write(
              `round ${round}/${ROUNDS}: ${w.key}: ${r.target.label}: ${f0(row.perSecond)} ops/s, other work ${pct(row.otherShare)}` +
                `${row.failed > 0 ? `, ${row.failed} FAILED` : ''}\n`,
            );
            allRuns.set(key, [...(allRuns.get(key) ?? []), row.perSecond]);
            const kept = best.get(key);
            if (!kept || better(row, kept)) best.set(key, row);
            if (row.otherShare <= QUIET_SHARE || Date.now() > deadline) break;
          }
        }
      }
    }

    // Latency next to the critical path: sequential requests with upstream latency injected. First the
    // upstream calls each target makes, grouped into dependency levels; the critical path of a query is the
    // fewest levels any target needed (then the fewest calls): what a client that knew everything could do.
    // Every target is measured against a replay of those calls, interleaved with its own requests.
    await admin.setLatency(LATENCY_MS);
    try {
      const latencyTargets = running.filter((r) => r.target.latencyPhase);
      const nested = workloads.filter((w) => w.nested);
      const observed = new Map<string, Level[]>();
      for (const w of nested) {
        for (const r of latencyTargets) {
          const steps = r.target.steps(w);
          if (!steps) continue;
          await admin.resetCalls();
          await sendOperation(r.url, steps, client, r.target.headers);
          observed.set(`${w.key}/${r.target.key}`, levelsOf(await admin.calls(), LATENCY_MS * 0.8));
        }
      }
      for (const w of nested) {
        let critical: { levels: Level[]; from: TargetKey } | undefined;
        for (const r of latencyTargets) {
          const levels = observed.get(`${w.key}/${r.target.key}`);
          if (!levels) continue;
          const calls = levels.flat().length;
          if (
            !critical ||
            levels.length < critical.levels.length ||
            (levels.length === critical.levels.length && calls < critical.levels.flat().length)
          )
            critical = { levels, from: r.target.key };
        }
        if (!critical) continue;
        for (const r of latencyTargets) {
          const steps = r.target.steps(w);
          const own = observed.get(`${w.key}/${r.target.key}`);
          if (!steps || !own) continue;
          process.stdout.write(
            `${r.target.label}: ${w.key}: ${RUNS} sequential runs at ${LATENCY_MS} ms upstream latency\n`,
          );
          for (let i = 0; i < 3; i++) await sendOperation(r.url, steps, client, r.target.headers);
          const samples: number[] = [];
          const replayed: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            samples.push(await timed(() => sendOperation(r.url, steps, client, r.target.headers)));
            replayed.push(await replayLevels(simulatorUrl, critical.levels, direct, API_KEY));
          }
          latencyRows.push({
            workload: w.key,
            target: r.target.key,
            calls: own.flat().length,
            levels: own.length,
            criticalFrom: critical.from,
            criticalLevels: critical.levels.length,
            criticalCalls: critical.levels.flat().length,
            critical: percentile(replayed, 50),
            p50: percentile(samples, 50),
            p99: percentile(samples, 99),
          });
        }
      }
    } finally {
      await admin.setLatency(0);
    }
    for (const r of running) {
      if (r.proc && r.idle)
        memoryRows.push({
          target: r.target.key,
          idleMb: r.idle.rssMb,
          peakMb: usageOf(r.proc.pid).peakRssMb,
        });
    }
  } finally {
    for (const r of running) await r.proc?.stop();
    await simulator.stop();
    await client.close();
    await direct.close();
  }

  // Rows in a stable order: by workload, then target.
  const loadRows: LoadRow[] = [];
  for (const w of workloads) {
    for (const t of targets) {
      const row = best.get(`${w.key}/${t.key}`);
      if (row) loadRows.push({ ...row, allPerSecond: allRuns.get(`${w.key}/${t.key}`) ?? [] });
    }
  }
  const report = renderReport(targets, loadRows, latencyRows, memoryRows, started);
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const settings = { SECONDS, WARMUP_SECONDS, CONNECTIONS, LATENCY_MS, RUNS, ROUNDS };
  writeFileSync(
    path.join(RESULTS, `compare-${stamp}.json`),
    `${JSON.stringify({ started, settings, loadRows, latencyRows, memoryRows }, null, 2)}\n`,
  );
  writeFileSync(path.join(RESULTS, `compare-${stamp}.md`), `${report}\n`);
  process.stdout.write(`\n${report}\n\n(written to bench/results/compare-${stamp}.md and .json)\n`);
  if (loadRows.some((r) => r.failed > 0)) {
    console.error('Some runs had failed requests (see the "failed" column): their figures do not count.');
    process.exitCode = 1;
  }
}

function renderReport(
  targets: Target[],
  loadRows: LoadRow[],
  latencyRows: LatencyRow[],
  memoryRows: MemoryRow[],
  started: Date,
): string {
  const label = (key: TargetKey): string => targets.find((t) => t.key === key)?.label ?? key;
  const title = (key: Workload['key']): string => WORKLOADS.find((w) => w.key === key)?.title ?? key;
  const short = (key: Workload['key']): string => title(key).split(':')[0] ?? key;
  const row = (w: Workload['key'], t: TargetKey): LoadRow | undefined =>
    loadRows.find((r) => r.workload === w && r.target === t);
  const out: string[] = [];
  out.push(
    `Run of ${started.toISOString()} on Node ${process.version}: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per row, simulator ` +
      `latency 0 ms, every process on this ${cpus().length}-core machine (load generator, target, simulator). ` +
      `${RATE ? `Every row at a fixed ${RATE} requests/s (BENCH_RATE): compare CPU per query, not req/s. ` : ''}` +
      `Our gateway: compiled (tsc), NODE_ENV=production, LOG_LEVEL=silent, RESPONSE_CACHE=off, GRAPHQL_COST_BUDGET_PER_MINUTE=0, ` +
      `requests with Cache-Control: no-cache (no coalescing across requests) except the "coalescing on" row. ` +
      `Each row: the fastest of ${ROUNDS} rounds (the order of targets rotates; a run disturbed by other work on the machine, "other load" > ${pct(QUIET_SHARE)}, is repeated up to ${ATTEMPTS} times and kept only when no quiet run exists). ` +
      `req/s counts successful operations; latency in whole ms (autocannon) for one-request operations. ` +
      `CPU = the target process's user+system time per operation; "under load" = upstream calls per operation during the run.`,
  );
  out.push('');
  out.push(
    markdownTable(
      [
        'query',
        'target',
        'req/s',
        'req/s, all runs',
        'p50 ms',
        'p99 ms',
        'upstream calls / query',
        'under load',
        'CPU ms / query',
        'RSS MB',
        'failed',
        'other load',
      ],
      loadRows.map((r) => [
        title(r.workload),
        label(r.target),
        f0(r.perSecond),
        `${f0(Math.min(...r.allPerSecond))}–${f0(Math.max(...r.allPerSecond))}`,
        f1(r.p50),
        f1(r.p99),
        String(r.calls),
        f2(r.callsUnderLoad),
        r.cpuMsPerOp === undefined ? '—' : f2(r.cpuMsPerOp),
        r.rssMb === undefined ? '—' : f0(r.rssMb),
        String(r.failed),
        pct(r.otherShare),
      ]),
    ),
  );

  const ratio = (a?: LoadRow, b?: LoadRow): number | undefined =>
    a && b && b.perSecond > 0 ? a.perSecond / b.perSecond : undefined;
  const medianRatio = (a?: LoadRow, b?: LoadRow): number | undefined =>
    a && b && b.allPerSecond.length > 0
      ? percentile(a.allPerSecond, 50) / percentile(b.allPerSecond, 50)
      : undefined;
  const one = (t: TargetKey): LoadRow | undefined => row('one-call', t);
  const goals: string[][] = [];
  const add = (
    what: string,
    value: number | undefined,
    expect: string,
    met?: boolean,
    median?: number,
  ): void => {
    goals.push([
      what,
      value === undefined ? '—' : x(value),
      median === undefined ? '' : x(median),
      expect,
      met === undefined ? 'reference' : met ? 'met' : 'MISSED',
    ]);
  };
  const addRatio = (what: string, a: TargetKey, b: TargetKey, expect: string, goal?: number): void => {
    const value = ratio(one(a), one(b));
    add(
      what,
      value,
      expect,
      goal === undefined || value === undefined ? undefined : value >= goal,
      medianRatio(one(a), one(b)),
    );
  };
  addRatio('bare proxy / direct REST (one-call)', 'proxy', 'direct', '~0.46 (issue, naive gateway era)');
  addRatio('naive gateway / bare proxy (one-call)', 'naive', 'proxy', '~0.2');
  addRatio('Mesh / naive gateway (one-call)', 'mesh', 'naive', '~0.5');
  addRatio('Apollo floor / bare proxy (one-call)', 'floor', 'proxy', 'what Apollo Server alone reaches');
  addRatio('our gateway / bare proxy (one-call)', 'gateway', 'proxy', '>= 0.5', 0.5);
  addRatio('our gateway / Apollo floor (one-call)', 'gateway', 'floor', '1 = nothing of ours left');
  addRatio('our gateway / Mesh (one-call)', 'gateway', 'mesh', '>= 3', 3);
  // CPU per query beside the proxy's: steadier than throughput on a shared machine.
  const cpu = (t: TargetKey): number | undefined => one(t)?.cpuMsPerOp;
  const cpuProxy = cpu('proxy');
  for (const t of ['floor', 'gateway', 'lean', 'mesh'] as const) {
    const c = cpu(t);
    if (c === undefined || cpuProxy === undefined) continue;
    goals.push([
      `CPU ms per query (one-call): ${label(t)} / bare proxy`,
      `${f2(c)} / ${f2(cpuProxy)} = ${x(c / cpuProxy)}`,
      '',
      'reference',
      'reference',
    ]);
  }
  for (const w of WORKLOADS) {
    const g = row(w.key, 'gateway');
    const m = row(w.key, 'mesh');
    if (g && m) {
      goals.push([
        `upstream calls per query, ${short(w.key)}: our gateway / Mesh`,
        `${g.calls} / ${m.calls}`,
        '',
        '<= Mesh',
        g.calls <= m.calls ? 'met' : 'MISSED',
      ]);
    }
  }
  for (const r of latencyRows.filter((l) => l.target === 'gateway')) {
    const v = r.p50 / r.critical;
    add(`p50 / critical path, ${short(r.workload)}`, v, '<= 1.2', v <= 1.2);
  }
  out.push('');
  out.push(markdownTable(['ratio', 'measured', 'medians of all runs', 'expected / goal', ''], goals));

  if (latencyRows.length > 0) {
    out.push('');
    out.push(
      `Nested queries with ${LATENCY_MS} ms injected upstream latency, ${RUNS} sequential runs each. Critical path = ` +
        `the upstream calls of the target that needed the fewest dependency levels (then calls), replayed directly, ` +
        `level after level, each level in parallel (p50), interleaved with the target's own requests.`,
    );
    out.push('');
    out.push(
      markdownTable(
        [
          'query',
          'target',
          'upstream calls',
          'levels',
          'critical path (levels / calls, from)',
          'critical path p50 ms',
          'p50 ms',
          'p99 ms',
          'p50 / critical',
        ],
        latencyRows.map((r) => [
          title(r.workload),
          label(r.target),
          String(r.calls),
          String(r.levels),
          `${r.criticalLevels} / ${r.criticalCalls}, ${label(r.criticalFrom)}`,
          f1(r.critical),
          f1(r.p50),
          f1(r.p99),
          x(r.p50 / r.critical),
        ]),
      ),
    );
  }
  if (memoryRows.length > 0) {
    out.push('');
    out.push(
      markdownTable(
        ['target', 'RSS after start MB', 'peak RSS MB'],
        memoryRows.map((m) => [label(m.target), f0(m.idleMb), f0(m.peakMb)]),
      ),
    );
  }
  return out.join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
