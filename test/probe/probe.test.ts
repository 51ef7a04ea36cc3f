/**
 * The contract probe against the embedded simulator: a faithful upstream gives exit 0 and nothing reported,
 * with every GET endpoint called and no POST sent; damaged answers (a tamper proxy in front of the
 * simulator, independent of the simulator's own drift mode) are each reported under their endpoint with
 * exit 1; usage errors exit 2 with one line; the API key is never printed or written, even when the
 * upstream echoes it; timeouts and the run's time budget are reported, not hung on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { UPSTREAM_ENDPOINTS } from '../../src/upstream/endpoints';
import { main, parseProbeArgs, type ProbeIo } from '../../src/probe/cli';
import { runProbe, type EndpointReport, type ProbeReport } from '../../src/probe/run';
import { startTamperProxy, type TamperProxy } from '../hardening/tamper-proxy';

const { orgs } = FIXTURES;
const REPO = path.resolve(__dirname, '../..');
const GETS = UPSTREAM_ENDPOINTS.filter((e) => e.method === 'GET').map((e) => e.name);
const POSTS = UPSTREAM_ENDPOINTS.filter((e) => e.method === 'POST').map((e) => e.name);

let sim: StartedSimulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(path.join(tmpdir(), 'probe-test-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sim.resetCalls());

/** A ProbeIo that keeps everything in memory. */
function memoryIo(): ProbeIo & { out: string; err: string; files: Map<string, string> } {
  const io = {
    out: '',
    err: '',
    files: new Map<string, string>(),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    writeFile: (f: string, t: string) => void io.files.set(f, t),
    cwd: () => dir,
  };
  return io;
}

const byName = (report: ProbeReport, name: string): EndpointReport =>
  report.endpoints.find((e) => e.endpoint === name)!;

describe('against the faithful simulator', () => {
  it('runProbe: nothing differs, every GET endpoint is called, no POST is sent', async () => {
    const report = await runProbe({
      baseUrl: sim.url,
      apiKey: 'demo',
      orgIds: [orgs.demo],
      childOrgIds: [orgs.child],
    });
    expect({ verdict: report.verdict, exitCode: report.exitCode }).toEqual({ verdict: 'ok', exitCode: 0 });
    for (const name of GETS) {
      const e = byName(report, name);
      expect({ name, result: e.result, findings: e.findings, unexpected: e.unexpectedStatuses }).toEqual({
        name,
        result: 'ok',
        findings: [],
        unexpected: {},
      });
      expect(e.answersChecked).toBeGreaterThan(0);
    }
    for (const name of POSTS) expect(byName(report, name)).toMatchObject({ result: 'skipped', calls: 0 });
    expect(report.totals).toMatchObject({
      endpointsChecked: GETS.length,
      findings: 0,
      unexpectedStatuses: 0,
    });

    const calls = sim.calls();
    expect(new Set(calls.map((c) => c.method))).toEqual(new Set(['GET']));
    expect(GETS.filter((name) => !calls.some((c) => c.endpoint === name))).toEqual([]);
    expect(calls.filter((c) => c.endpoint === 'unknown')).toEqual([]);
    expect(calls.length).toBe(report.totals.calls);
    // A request id per call, and page 2 of a plan's line items (the large plan has more than one page).
    expect(calls.every((c) => /^probe-[0-9a-f]{8}-\d+$/.test(c.requestId ?? ''))).toBe(true);
    expect(calls.some((c) => c.endpoint === 'listLineItems' && c.query['page'] === '2')).toBe(true);
    // The 204 of the gcp recommendation is a documented answer.
    expect(byName(report, 'getRecommendedPlan').statuses['204']).toBe(1);
    // The usage window ends after the data's last day (summary as_of_date).
    expect(report.window).toEqual({ start_date: '2026-10-28', end_date: '2026-11-27', from: 'as_of_date' });
  });

  it('main: the summary on stdout, the report file, exit 0', async () => {
    const io = memoryIo();
    const code = await main(
      ['--org', orgs.demo, `--child-org=${orgs.child}`, '--out', 'out/report.json'],
      { ARCHERA_API_URL: sim.url, ARCHERA_API_KEY: 'demo' },
      io,
    );
    expect({ code, err: io.err }).toEqual({ code: 0, err: '' });
    for (const name of GETS) expect(io.out).toMatch(new RegExp(`^OK +${name} `, 'm'));
    expect(io.out).toMatch(/^SKIPPED +applyPlan +money-moving/m);
    expect(io.out).toMatch(/^SKIPPED +purchasePartnerPlan +money-moving/m);
    expect(io.out.trimEnd().split('\n').pop()).toMatch(
      /^VERDICT: OK: \d+ calls to 14 of 14 read endpoints.*Report: out\/report\.json$/,
    );
    const written = JSON.parse(io.files.get(path.join(dir, 'out/report.json'))!) as ProbeReport;
    expect(written).toMatchObject({
      verdict: 'ok',
      exitCode: 0,
      orgIds: [orgs.demo],
      childOrgIds: [orgs.child],
    });
  });

  it('main: the report goes to probe-report.json in the working directory by default', async () => {
    const io = memoryIo();
    const code = await main(
      [],
      { ARCHERA_API_URL: sim.url, ARCHERA_API_KEY: 'demo', ARCHERA_ORG_IDS: orgs.demo },
      io,
    );
    expect(code).toBe(0);
    expect([...io.files.keys()]).toEqual([path.join(dir, 'probe-report.json')]);
    expect(io.out).toMatch(/Report: probe-report\.json$/m);
  });

  it('a child process: npx tsx src/probe/main.ts, exit 0 and the report written', async () => {
    const out = path.join(dir, 'child.json');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // From the repository, where npx finds tsx.
      execFile(
        'npx',
        ['tsx', 'src/probe/main.ts', '--org', orgs.demo, '--child-org', orgs.child, '--out', out],
        {
          cwd: REPO,
          env: { ...process.env, ARCHERA_API_URL: sim.url, ARCHERA_API_KEY: 'demo', ARCHERA_ORG_IDS: '' },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^VERDICT: OK: .*Report: .*child\.json$/m);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
    expect(report.verdict).toBe('ok');
    expect(sim.calls().every((c) => c.method === 'GET')).toBe(true);
  }, 60_000);
});

describe("against the simulator's drift mode", () => {
  it('reports each injected drift under its endpoint (GET only), and exits 1', async () => {
    sim.setDrift(true);
    try {
      const report = await runProbe({
        baseUrl: sim.url,
        apiKey: 'demo',
        orgIds: [orgs.demo],
        childOrgIds: [orgs.child],
      });
      expect({ verdict: report.verdict, exitCode: report.exitCode }).toEqual({
        verdict: 'drift',
        exitCode: 1,
      });
      const found = (name: string): string[] =>
        byName(report, name).findings.map(
          (f) => `${f.kind} ${f.field}${f.values ? ` ${Object.keys(f.values).join(',')}` : ''}`,
        );
      expect(found('getDefaultPlans')).toEqual(
        expect.arrayContaining(['enum_value [].status archived', 'unknown_field []._links']),
      );
      expect(found('listLineItems')).toEqual(
        expect.arrayContaining(['enum_value [].offer.provider AWS,AZURE,GCP', 'unknown_field [].currency']),
      );
      expect(
        byName(report, 'listLineItems').findings.find((f) => f.field === '[].offer.provider'),
      ).toMatchObject({
        caseOnlyValues: ['AWS', 'AZURE', 'GCP'],
      });
      expect(found('getPartnerDefaultPlans')).toEqual(
        expect.arrayContaining([
          'missing [].risk',
          'missing [].configuration',
          'missing [].description',
          'enum_value [].risk.risk_level elevated',
        ]),
      );
      expect(found('listCommitments')).toEqual(
        expect.arrayContaining([
          'enum_value [].status pending_renewal',
          'enum_value [].payment_option light_utilization',
          'unknown_field [].tags',
        ]),
      );
      // Endpoints the drift mode leaves alone stay clean; the purchase is never sent.
      expect(byName(report, 'getCommitmentSummary').findings).toEqual([]);
      expect(byName(report, 'purchasePartnerPlan')).toMatchObject({ result: 'skipped', calls: 0 });
      expect(sim.calls().every((c) => c.method === 'GET')).toBe(true);
    } finally {
      sim.setDrift(false);
    }
  });
});

describe('against damaged answers (a tamper proxy in front of the simulator)', () => {
  let proxy: TamperProxy;
  beforeAll(async () => {
    proxy = await startTamperProxy(sim.url);
  });
  afterAll(() => proxy.close());

  it('reports each injected drift under its endpoint, with the unseen values, and exits 1', async () => {
    proxy.tamper = (req, answer) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (answer.status !== 200) return answer;
      const edit = (fn: (item: Record<string, unknown>) => void) => {
        const body = JSON.parse(answer.body) as Record<string, unknown>[];
        body.forEach(fn);
        return { ...answer, body: JSON.stringify(body) };
      };
      if (url.pathname.endsWith('/commitment-plans/default')) return edit((p) => (p['status'] = 'archived'));
      if (url.pathname.endsWith('/line-items'))
        return edit((li) => ((li['offer'] as Record<string, unknown>)['provider'] = 'AWS'));
      if (url.pathname.endsWith('/partners/plans/default')) return edit((p) => delete p['risk']);
      if (url.pathname.endsWith('/commitments'))
        return edit((c) => Object.assign(c, { lifecycle_stage: 'steady', 'owner@example.com': true }));
      if (url.pathname.endsWith('/commitments/metrics'))
        return {
          status: 404,
          headers: answer.headers,
          body: JSON.stringify({ message: 'No metrics for this org' }),
        };
      return answer;
    };
    const io = memoryIo();
    const code = await main(
      ['--org', orgs.demo, '--child-org', orgs.child, '--out', 'drift.json'],
      { ARCHERA_API_URL: proxy.url, ARCHERA_API_KEY: 'demo' },
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.files.get(path.join(dir, 'drift.json'))!) as ProbeReport;
    expect(report.verdict).toBe('drift');
    const findings = (name: string) =>
      byName(report, name).findings.map(({ kind, field, values, caseOnlyValues }) => ({
        kind,
        field,
        ...(values ? { values: Object.keys(values) } : {}),
        ...(caseOnlyValues ? { caseOnlyValues } : {}),
      }));
    expect(findings('getDefaultPlans')).toEqual([
      { kind: 'enum_value', field: '[].status', values: ['archived'] },
    ]);
    expect(findings('listLineItems')).toEqual([
      { kind: 'enum_value', field: '[].offer.provider', values: ['AWS'], caseOnlyValues: ['AWS'] },
    ]);
    expect(findings('getPartnerDefaultPlans')).toEqual([{ kind: 'missing', field: '[].risk' }]);
    expect(findings('listCommitments')).toEqual([
      { kind: 'unknown_field', field: '[].(other)' },
      { kind: 'unknown_field', field: '[].lifecycle_stage' },
    ]);
    expect(byName(report, 'getCommitmentMetrics')).toMatchObject({
      result: 'unexpected_status',
      unexpectedStatuses: { 404: 3 },
    });
    expect(byName(report, 'getCommitmentMetrics').problems[0]?.message).toBe('No metrics for this org');
    // Every drifted answer counts: all default-plan answers carried the unseen status.
    const plans = byName(report, 'getDefaultPlans');
    expect(plans.findings[0]?.answers).toBe(plans.answersChecked);
    // The rest is untouched.
    const clean = GETS.filter(
      (n) =>
        ![
          'getDefaultPlans',
          'listLineItems',
          'getPartnerDefaultPlans',
          'listCommitments',
          'getCommitmentMetrics',
        ].includes(n),
    );
    for (const name of clean)
      expect({ name, result: byName(report, name).result }).toEqual({ name, result: 'ok' });

    expect(io.out).toMatch(/^DRIFT +getDefaultPlans /m);
    expect(io.out).toContain('"archived" ×');
    expect(io.out).toMatch(/"AWS" ×\d+, differs only in case/);
    expect(io.out).toMatch(/missing +\[\]\.risk/);
    expect(io.out).toMatch(/^UNEXPECTED +getCommitmentMetrics .*404×3/m);
    expect(io.out).toMatch(
      /^VERDICT: DRIFT: 4 of 14 read endpoints differ from the specs \(5 findings\), 3 unexpected statuses/m,
    );
    expect(sim.calls().every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('usage and configuration errors exit 2 with one line', () => {
  const env = {
    ARCHERA_API_URL: 'http://127.0.0.1:9',
    ARCHERA_API_KEY: 'sk-secret-value',
    ARCHERA_ORG_IDS: orgs.demo,
  };
  it.each([
    ['no URL', [], { ...env, ARCHERA_API_URL: '' }, /ARCHERA_API_URL is not set/],
    ['no key', [], { ...env, ARCHERA_API_KEY: undefined }, /ARCHERA_API_KEY is not set/],
    ['no org', [], { ...env, ARCHERA_ORG_IDS: '' }, /no org to probe/],
    ['a bad org id', ['--org', 'org-1'], env, /org id "org-1" is not a UUID/],
    ['a bad child org id', ['--child-org', 'x'], env, /child org id "x" is not a UUID/],
    ['an unknown flag', ['--purchase'], env, /unknown argument "--purchase"/],
    ['a flag without value', ['--out'], env, /--out needs a value/],
    ['a bad provider', ['--providers', 'aws,oracle'], env, /--providers takes a list of aws, azure, gcp/],
    ['a bad date', ['--end-date', '2026-02-30x'], env, /--end-date must be a date/],
    ['a bad URL', [], { ...env, ARCHERA_API_URL: 'ftp://example.com' }, /ARCHERA_API_URL: .*http or https/],
    [
      'a URL with credentials',
      [],
      { ...env, ARCHERA_API_URL: 'https://u:p@example.com' },
      /must not carry credentials/,
    ],
    [
      'a key a header cannot carry',
      [],
      { ...env, ARCHERA_API_KEY: 'a\nb' },
      /ARCHERA_API_KEY has characters/,
    ],
  ])('%s', async (_name, argv, environment, message) => {
    const io = memoryIo();
    expect(await main(argv as string[], environment as NodeJS.ProcessEnv, io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(io.err).toMatch(message);
    expect(io.err).not.toContain('sk-secret-value');
    expect(io.files.size).toBe(0);
  });

  it('--help prints the usage and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['--help'], {}, io)).toBe(0);
    expect(io.out).toContain('Usage: npm run probe');
  });

  it('orgs from the environment and the flags together (the run deduplicates)', () => {
    const parsed = parseProbeArgs(['--org', orgs.other, '--org', orgs.demo, '--partner-plans'], {
      ...env,
      ARCHERA_CHILD_ORG_IDS: ` ${orgs.child} ,`,
      ARCHERA_TIMEOUT_MS: '2500',
    });
    expect(parsed.options).toMatchObject({
      orgIds: [orgs.demo, orgs.other, orgs.demo],
      childOrgIds: [orgs.child],
      partnerPlansForOrgs: true,
      timeoutMs: 2500,
    });
  });

  it('the child process: a missing key is one line on stderr and exit 2', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const childEnv: NodeJS.ProcessEnv = {
        ...process.env,
        ARCHERA_API_URL: sim.url,
        ARCHERA_ORG_IDS: orgs.demo,
      };
      delete childEnv['ARCHERA_API_KEY'];
      execFile(
        'npx',
        ['tsx', 'src/probe/main.ts'],
        { cwd: REPO, env: childEnv, timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'probe: ARCHERA_API_KEY is not set (the API key of the account to probe). Run with --help for usage.\n',
    });
  }, 60_000);
});

describe('the API key is never printed or written', () => {
  const KEY = 'sk-live-Zq81xVv0TtW2';
  let server: Server;
  let url: string;
  let mode: 'echo-401' | 'echo-200' = 'echo-401';

  beforeAll(async () => {
    // An upstream that echoes the caller's key everywhere it can: messages, values, field names.
    server = createServer((req, res) => {
      const key = String(req.headers['x-api-key'] ?? '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (mode === 'echo-401') return send(401, { message: `Invalid API key ${key}`, key });
      if (req.url?.includes('/commitment-plans/default'))
        return send(200, [{ status: key, [key]: key, note: key }]);
      if (req.url?.includes('/commitments/summary'))
        return send(422, { message: `key ${key} may not read this` });
      return send(500, { message: key });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const probe = async () => {
    const io = memoryIo();
    const code = await main(
      ['--org', orgs.demo, '--child-org', orgs.child, '--out', 'secret.json'],
      {
        ARCHERA_API_URL: url,
        ARCHERA_API_KEY: KEY,
      },
      io,
    );
    const written = [...io.files.values()].join('\n');
    return {
      code,
      io,
      everything: `${io.out}\n${io.err}\n${written}`,
      report: JSON.parse(written) as ProbeReport,
    };
  };

  it('a key refused everywhere: exit 2, verdict unauthorized, the echoed key scrubbed', async () => {
    mode = 'echo-401';
    const { code, everything, report } = await probe();
    expect(code).toBe(2);
    expect(report.verdict).toBe('unauthorized');
    expect(everything).toMatch(/VERDICT: UNAUTHORIZED/);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('Zq81xVv0TtW2');
  });

  it('a key echoed in values, field names and error messages of answers: scrubbed', async () => {
    mode = 'echo-200';
    const { code, everything, report } = await probe();
    expect(code).toBe(1);
    expect(byName(report, 'getDefaultPlans').findings.length).toBeGreaterThan(0);
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('Zq81xVv0TtW2');
  });
});

describe('bounded: per-call timeout and a time budget for the run', () => {
  afterEach(() => sim.setLatency(0));

  it('slow answers become timeouts, calls past the budget are not sent, the run ends; exit 1', async () => {
    sim.setLatency(1500);
    const report = await runProbe({
      baseUrl: sim.url,
      apiKey: 'demo',
      orgIds: [orgs.demo],
      timeoutMs: 300,
      maxDurationMs: 1000,
      concurrency: 4,
    });
    expect(report.exitCode).toBe(1);
    const statuses = report.endpoints.flatMap((e) => Object.keys(e.statuses));
    expect(statuses).toContain('timeout');
    expect(report.totals.notSent).toBeGreaterThan(0);
    expect(
      report.endpoints.some((e) => e.result === 'not_checked' && e.reason === 'not sent: time budget spent'),
    ).toBe(true);
  });

  it('an upstream nobody answers at: exit 2, unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await runProbe({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'demo',
      orgIds: [orgs.demo],
      timeoutMs: 1000,
    });
    expect({ verdict: report.verdict, exitCode: report.exitCode }).toEqual({
      verdict: 'unreachable',
      exitCode: 2,
    });
  });
});
