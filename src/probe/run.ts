/**
 * The contract probe: walks every read endpoint of an Archera account (GET only; the two POSTs move money
 * and are never sent) and checks each raw answer against openapi/ with the drift checker. The result says,
 * per endpoint, how many calls were made, which statuses came back (and which were not a documented
 * success), and every drift finding with how many answers carried it and, for enum values, the values.
 */
import { UPSTREAM_ENDPOINTS, type EndpointName } from '../upstream/endpoints';
import { createDriftChecker, type DriftFinding, type DriftKind } from '../upstream/drift/checker';
import { scrubSecret } from '../tenant/secrets';
import { extractUpstreamMessage, parsePagination } from '../upstream/http';
import { RawClient, type GetRequest, type RawCall } from './raw-client';

export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
export type ProbeProvider = (typeof PROVIDERS)[number];

export interface ProbeLimits {
  /** Plans per org to read (getPlan, line items, resource matches). */
  plansPerOrg: number;
  /** Commitments per provider whose details are read. */
  detailsPerProvider: number;
  /** Commitment ids per provider sent to the comparison. */
  comparisonIds: number;
  /** Attribute fields whose values are listed (per provider). */
  attributeFields: number;
  /** page_size of line items and resource matches (v1 allows up to 100). */
  planPageSize: number;
  /** page_size of the commitments inventory. */
  commitmentPageSize: number;
}

export const DEFAULT_LIMITS: ProbeLimits = {
  plansPerOrg: 12,
  detailsPerProvider: 3,
  comparisonIds: 5,
  attributeFields: 5,
  planPageSize: 50,
  commitmentPageSize: 100,
};

export interface ProbeOptions {
  baseUrl: string;
  apiKey: string;
  /** Orgs walked through every read endpoint. */
  orgIds: readonly string[];
  /** A partner's child orgs: their partner default plans (v2) are read. */
  childOrgIds?: readonly string[];
  /** Also read partner default plans of the plain orgs. */
  partnerPlansForOrgs?: boolean;
  providers?: readonly ProbeProvider[];
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Per call (default 10 000 ms). */
  timeoutMs?: number;
  /** The whole run; calls not started by then are reported as not sent (default 5 minutes). */
  maxDurationMs?: number;
  /** Last day of the 30-day window (YYYY-MM-DD, exclusive); default: the summary's as_of_date + 1, else today. */
  endDate?: string;
  limits?: Partial<ProbeLimits>;
  /** Directory of the OpenAPI specs (default openapi/). */
  specDir?: string;
  now?: () => Date;
}

export interface FindingTally {
  kind: DriftKind;
  field: string;
  /** Answers that carried it (each answer counts once per kind and field). */
  answers: number;
  /** enum_value: each unseen value and in how many answers it came. */
  values?: Record<string, number>;
  /** enum_value: the values that differ from a listed one only in letter case. */
  caseOnlyValues?: string[];
  /** The first few answers that carried it (x-request-id we sent). */
  requestIds: string[];
}

export interface CallProblem {
  requestId: string;
  status?: number;
  /** What went wrong: the upstream's message (key scrubbed), a timeout, a network error. */
  message: string;
}

export type EndpointResult = 'ok' | 'drift' | 'unexpected_status' | 'not_checked' | 'skipped';

export interface EndpointReport {
  endpoint: EndpointName;
  method: 'GET' | 'POST';
  path: string;
  result: EndpointResult;
  /** Why an endpoint was skipped or not checked. */
  reason?: string;
  calls: number;
  /** 2xx answers whose body and headers were checked against the spec. */
  answersChecked: number;
  /** Final status of each call ('timeout', 'network error', 'not sent' when there was none). */
  statuses: Record<string, number>;
  /** Those of `statuses` that are not a documented 2xx of the endpoint. */
  unexpectedStatuses: Record<string, number>;
  /** Statuses answered first and retried (429, 503, …). */
  retriedStatuses: Record<string, number>;
  findings: FindingTally[];
  /** The first few failed calls. */
  problems: CallProblem[];
}

export type ProbeVerdict =
  'ok' | 'drift' | 'unexpected_status' | 'incomplete' | 'unauthorized' | 'unreachable';

export interface ProbeReport {
  tool: 'archera-graphql probe';
  reportVersion: 1;
  startedAt: string;
  durationMs: number;
  upstream: string;
  orgIds: string[];
  childOrgIds: string[];
  providers: string[];
  /** The usage window asked of resource matches, metrics, daily coverage and details. */
  window: { start_date: string; end_date: string; from: 'option' | 'as_of_date' | 'today' };
  verdict: ProbeVerdict;
  exitCode: 0 | 1 | 2;
  totals: {
    calls: number;
    endpointsChecked: number;
    endpointsWithDrift: number;
    findings: number;
    unexpectedStatuses: number;
    notSent: number;
  };
  endpoints: EndpointReport[];
}

const MAX_REQUEST_IDS = 3;
const MAX_PROBLEMS = 5;
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (values: unknown[]): string[] =>
  values.filter((v): v is string => typeof v === 'string' && v !== '');
const idsOf = (body: unknown, key = 'id'): string[] =>
  Array.isArray(body) ? strings(body.map((item) => (isRecord(item) ? item[key] : undefined))) : [];
const unique = (values: string[]): string[] => [...new Set(values)];

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

class Tally {
  calls = 0;
  checked = 0;
  statuses = new Map<string, number>();
  unexpected = new Map<string, number>();
  retried = new Map<string, number>();
  findings = new Map<string, FindingTally>();
  problems: CallProblem[] = [];
  notSent = 0;

  add(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

export class Probe {
  private readonly checker;
  private readonly client: RawClient;
  private readonly tallies = new Map<EndpointName, Tally>();
  private readonly notes = new Map<EndpointName, string>();
  private readonly limits: ProbeLimits;
  private readonly providers: readonly ProbeProvider[];
  private window: ProbeReport['window'];

  constructor(private readonly options: ProbeOptions) {
    this.checker = createDriftChecker({
      ...(options.specDir !== undefined ? { specDir: options.specDir } : {}),
      enumValuesPerField: 20,
    });
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.providers = options.providers ?? PROVIDERS;
    const now = (options.now ?? (() => new Date()))();
    this.client = new RawClient({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      concurrency: options.concurrency ?? 4,
      timeoutMs: options.timeoutMs ?? 10_000,
      deadline: now.getTime() + (options.maxDurationMs ?? 5 * 60_000),
    });
    for (const e of UPSTREAM_ENDPOINTS) this.tallies.set(e.name, new Tally());
    this.window = options.endDate
      ? this.windowEnding(options.endDate, 'option')
      : this.windowEnding(isoDay(now.getTime()), 'today');
  }

  private windowEnding(end: string, from: ProbeReport['window']['from']): ProbeReport['window'] {
    return { start_date: isoDay(dayMs(end) - 30 * DAY_MS), end_date: end, from };
  }

  async run(): Promise<ProbeReport> {
    const startedAt = new Date();
    try {
      await this.walk();
    } finally {
      await this.client.close();
    }
    return this.report(startedAt);
  }

  // ---- the walk ------------------------------------------------------------------------------------

  private async walk(): Promise<void> {
    const orgs = unique([...this.options.orgIds]);
    const childOrgs = unique([...(this.options.childOrgIds ?? [])]);
    // Org-level reads first: the summaries tell the usage window (as_of_date) the later reads ask for.
    const firsts = await Promise.all(orgs.map((org) => this.firstPass(org)));
    if (!this.options.endDate) {
      const asOf = firsts.flatMap((f) => f.asOfDates).sort();
      const latest = asOf[asOf.length - 1];
      if (latest !== undefined) this.window = this.windowEnding(isoDay(dayMs(latest) + DAY_MS), 'as_of_date');
    }
    await Promise.all([
      ...orgs.map((org, i) => this.secondPass(org, firsts[i]!)),
      ...childOrgs.map((child) =>
        this.json({ endpoint: 'getPartnerDefaultPlans', path: { child_org_id: child } }),
      ),
      ...(this.options.partnerPlansForOrgs
        ? orgs
            .filter((org) => !childOrgs.includes(org))
            .map((org) => this.json({ endpoint: 'getPartnerDefaultPlans', path: { child_org_id: org } }))
        : []),
    ]);
    if (childOrgs.length === 0 && !this.options.partnerPlansForOrgs) {
      this.notes.set(
        'getPartnerDefaultPlans',
        'no child org given (--child-org, or --partner-plans for plain orgs)',
      );
    }
  }

  private async firstPass(org: string) {
    const attributesRead = this.json({ endpoint: 'listCommitmentAttributes', path: { org_id: org } });
    const perProvider = await Promise.all(
      this.providers.map(async (provider) => {
        const query = { provider };
        const [defaults, recommended, commitments, summary] = await Promise.all([
          this.json({ endpoint: 'getDefaultPlans', path: { org_id: org }, query }),
          this.json({ endpoint: 'getRecommendedPlan', path: { org_id: org }, query }),
          this.json({
            endpoint: 'listCommitments',
            path: { org_id: org },
            query: { provider, only_active: false, page: 1, page_size: this.limits.commitmentPageSize },
          }),
          this.json({ endpoint: 'getCommitmentSummary', path: { org_id: org }, query }),
        ]);
        return {
          provider,
          planIds: [...idsOf(defaults), ...(isRecord(recommended) ? strings([recommended['id']]) : [])],
          commitmentIds: idsOf(commitments),
          asOf:
            isRecord(summary) && typeof summary['as_of_date'] === 'string'
              ? summary['as_of_date']
              : undefined,
        };
      }),
    );
    const attributes = await attributesRead;
    return {
      perProvider,
      attributeFields: idsOf(attributes, 'field'),
      asOfDates: strings(perProvider.map((p) => p.asOf)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)),
    };
  }

  private async secondPass(org: string, first: Awaited<ReturnType<Probe['firstPass']>>): Promise<void> {
    const { start_date, end_date } = this.window;
    const planIds = unique(first.perProvider.flatMap((p) => p.planIds)).slice(0, this.limits.plansPerOrg);
    const fields = first.attributeFields.slice(0, this.limits.attributeFields);
    if (planIds.length === 0)
      this.noteOnce(['getPlan', 'listLineItems', 'listResourceMatches'], 'no plan found');
    if (fields.length === 0) this.noteOnce(['listCommitmentAttributeValues'], 'no attribute field listed');
    await Promise.all([
      ...planIds.map(async (planId) => {
        const path = { org_id: org, plan_id: planId };
        const pageSize = this.limits.planPageSize;
        await Promise.all([
          this.json({ endpoint: 'getPlan', path }),
          (async () => {
            const page1 = await this.call({
              endpoint: 'listLineItems',
              path,
              query: { page: 1, page_size: pageSize },
            });
            const next =
              page1?.status === 200 ? parsePagination(page1.headers['x-pagination'])?.next_page : undefined;
            if (next !== undefined) {
              await this.call({
                endpoint: 'listLineItems',
                path,
                query: { page: next, page_size: pageSize },
              });
            }
          })(),
          this.json({
            endpoint: 'listResourceMatches',
            path,
            query: { start_date, end_date, page: 1, page_size: pageSize },
          }),
        ]);
      }),
      ...first.perProvider.map(async ({ provider, commitmentIds }) => {
        const path = { org_id: org };
        const compared = commitmentIds.slice(0, this.limits.comparisonIds);
        if (commitmentIds.length === 0) this.noteOnce(['getCommitmentDetails'], 'no commitment found');
        await Promise.all([
          this.json({
            endpoint: 'getCommitmentComparison',
            path,
            query: { provider, ...(compared.length > 0 ? { commitment_ids: compared } : {}) },
          }),
          this.json({ endpoint: 'getCommitmentMetrics', path, query: { provider, start_date, end_date } }),
          this.json({ endpoint: 'getDailyCoverage', path, query: { provider, start_date, end_date } }),
          ...commitmentIds.slice(0, this.limits.detailsPerProvider).map((id) =>
            this.json({
              endpoint: 'getCommitmentDetails',
              path: { org_id: org, commitment_id: id },
              query: { start_date, end_date },
            }),
          ),
          ...fields.map((field) =>
            this.json({
              endpoint: 'listCommitmentAttributeValues',
              path: { org_id: org, field },
              query: { provider },
            }),
          ),
        ]);
      }),
    ]);
  }

  private noteOnce(endpoints: EndpointName[], note: string): void {
    for (const e of endpoints) if (!this.notes.has(e)) this.notes.set(e, note);
  }

  // ---- one call --------------------------------------------------------------------------------------

  /** Sends, tallies and checks one GET; the parsed body of a 2xx JSON answer, else undefined. */
  private async json(req: GetRequest): Promise<unknown> {
    const call = await this.call(req);
    return call?.body;
  }

  private async call(req: GetRequest): Promise<(RawCall & { body?: unknown }) | undefined> {
    const call: RawCall & { body?: unknown } = await this.client.get(req);
    const tally = this.tallies.get(req.endpoint)!;
    for (const status of call.retried) tally.add(tally.retried, String(status));
    if (call.skipped) {
      tally.notSent++;
      tally.add(tally.statuses, 'not sent');
      return undefined;
    }
    tally.calls++;
    const documented = this.checker.successStatuses(req.endpoint);
    if (call.failure !== undefined || call.status === undefined) {
      const key = call.failure?.startsWith('timeout') ? 'timeout' : (call.failure ?? 'no answer');
      tally.add(tally.statuses, key);
      tally.add(tally.unexpected, key);
      this.problem(tally, call, call.failure ?? 'no answer');
      return call;
    }
    const status = call.status;
    tally.add(tally.statuses, String(status));
    if (!documented.includes(status)) {
      tally.add(tally.unexpected, String(status));
      const upstream = extractUpstreamMessage(Buffer.from(call.text, 'utf8'), this.options.apiKey);
      this.problem(tally, call, upstream ?? `status ${status}`);
    }
    if (status < 200 || status >= 300 || status === 204) return call;

    tally.checked++;
    let findings: readonly DriftFinding[];
    try {
      call.body = JSON.parse(call.text);
      findings = this.checker.check(req.endpoint, call.body);
    } catch {
      findings = this.checker.checkJson(req.endpoint, call.text);
    }
    this.record(tally, call, findings);
    this.record(tally, call, this.checker.checkHeaders(req.endpoint, call.headers));
    return call;
  }

  private problem(tally: Tally, call: RawCall, message: string): void {
    if (tally.problems.length >= MAX_PROBLEMS) return;
    tally.problems.push({
      requestId: call.requestId,
      ...(call.status !== undefined ? { status: call.status } : {}),
      message,
    });
  }

  private record(tally: Tally, call: RawCall, findings: readonly DriftFinding[]): void {
    // Several enum values of one field in one answer are one answer for that field.
    const counted = new Set<string>();
    for (const f of findings) {
      const key = `${f.kind}\u0000${f.field}`;
      let entry = tally.findings.get(key);
      if (!entry) {
        entry = { kind: f.kind, field: f.field, answers: 0, requestIds: [] };
        tally.findings.set(key, entry);
      }
      if (!counted.has(key)) {
        counted.add(key);
        entry.answers++;
        if (entry.requestIds.length < MAX_REQUEST_IDS) entry.requestIds.push(call.requestId);
      }
      if (f.kind === 'enum_value' && f.value !== undefined) {
        entry.values ??= {};
        entry.values[f.value] = (entry.values[f.value] ?? 0) + 1;
        if (f.caseOnly) {
          entry.caseOnlyValues ??= [];
          if (!entry.caseOnlyValues.includes(f.value)) entry.caseOnlyValues.push(f.value);
        }
      }
    }
  }

  // ---- the report ------------------------------------------------------------------------------------

  private report(startedAt: Date): ProbeReport {
    const endpoints: EndpointReport[] = UPSTREAM_ENDPOINTS.map((e) => {
      const tally = this.tallies.get(e.name)!;
      let result: EndpointResult;
      let reason: string | undefined;
      if (e.method === 'POST') {
        result = 'skipped';
        reason = 'money-moving: never sent by the probe';
      } else if (tally.calls === 0) {
        result = 'not_checked';
        reason = tally.notSent > 0 ? 'not sent: time budget spent' : (this.notes.get(e.name) ?? 'not called');
      } else {
        result = tally.unexpected.size > 0 ? 'unexpected_status' : tally.findings.size > 0 ? 'drift' : 'ok';
      }
      return {
        endpoint: e.name,
        method: e.method,
        path: e.path,
        result,
        ...(reason !== undefined ? { reason } : {}),
        calls: tally.calls,
        answersChecked: tally.checked,
        statuses: Object.fromEntries(tally.statuses),
        unexpectedStatuses: Object.fromEntries(tally.unexpected),
        retriedStatuses: Object.fromEntries(tally.retried),
        findings: [...tally.findings.values()].sort((a, b) =>
          a.kind === b.kind ? a.field.localeCompare(b.field) : a.kind.localeCompare(b.kind),
        ),
        problems: tally.problems,
      };
    });

    const reads = endpoints.filter((e) => e.method === 'GET');
    const sum = (f: (e: EndpointReport) => number) => reads.reduce((n, e) => n + f(e), 0);
    const totals = {
      calls: sum((e) => e.calls),
      endpointsChecked: reads.filter((e) => e.calls > 0).length,
      endpointsWithDrift: reads.filter((e) => e.findings.length > 0).length,
      findings: sum((e) => e.findings.length),
      unexpectedStatuses: sum((e) => Object.values(e.unexpectedStatuses).reduce((a, b) => a + b, 0)),
      notSent: sum((e) => this.tallies.get(e.endpoint)!.notSent),
    };
    const seen = reads.flatMap((e) => Object.keys(e.statuses));
    const answered = seen.filter((s) => /^\d+$/.test(s));
    let verdict: ProbeVerdict;
    if (totals.calls > 0 && answered.length > 0 && answered.every((s) => s === '401'))
      verdict = 'unauthorized';
    // No answer at all, and not for slowness: nothing listens there (or DNS, TLS or a proxy refused us).
    else if (totals.calls > 0 && answered.length === 0 && !seen.includes('timeout')) verdict = 'unreachable';
    else if (totals.findings > 0) verdict = 'drift';
    else if (totals.unexpectedStatuses > 0) verdict = 'unexpected_status';
    else if (totals.notSent > 0) verdict = 'incomplete';
    else verdict = 'ok';
    const exitCode = verdict === 'ok' ? 0 : verdict === 'unauthorized' || verdict === 'unreachable' ? 2 : 1;

    return {
      tool: 'archera-graphql probe',
      reportVersion: 1,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      upstream: this.client.describe(),
      orgIds: unique([...this.options.orgIds]),
      childOrgIds: unique([...(this.options.childOrgIds ?? [])]),
      providers: [...this.providers],
      window: this.window,
      verdict,
      exitCode,
      totals,
      endpoints,
    };
  }
}

/** Runs the probe. Never throws for upstream trouble (that is in the report); throws for a bad spec dir. */
export async function runProbe(options: ProbeOptions): Promise<ProbeReport> {
  const report = await new Probe(options).run();
  // Belt and braces: nothing in the report should hold the key, but an upstream may echo it anywhere.
  return JSON.parse(scrubSecret(JSON.stringify(report), options.apiKey)) as ProbeReport;
}
