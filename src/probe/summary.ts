/** The probe's report for people: one line per clean endpoint, a small table per differing one, a verdict. */
import type { EndpointReport, ProbeReport } from './run';

const LABEL: Record<EndpointReport['result'], string> = {
  ok: 'OK',
  drift: 'DRIFT',
  unexpected_status: 'UNEXPECTED',
  not_checked: 'NOT CHECKED',
  skipped: 'SKIPPED',
};

const KIND_TEXT: Record<string, string> = {
  missing: 'field missing',
  null: 'null not allowed',
  type: 'wrong type',
  enum_value: 'enum value unseen',
  unknown_field: 'field not in spec',
  body: 'body not JSON / wrong shape',
};

const shortId = (id: string) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

function statusText(e: EndpointReport): string {
  const parts = Object.entries(e.statuses).map(([status, n]) => `${status}×${n}`);
  const retried = Object.entries(e.retriedStatuses).map(([status, n]) => `${status}×${n}`);
  return parts.join(' ') + (retried.length > 0 ? ` (retried after ${retried.join(' ')})` : '');
}

function findingLines(e: EndpointReport): string[] {
  if (e.findings.length === 0) return [];
  const rows = e.findings.map((f) => {
    let detail = KIND_TEXT[f.kind] ?? f.kind;
    if (f.values) {
      const values = Object.entries(f.values)
        .sort((a, b) => b[1] - a[1])
        .map(([value, n]) => {
          const caseOnly = f.caseOnlyValues?.includes(value) ? ', differs only in case' : '';
          return `${JSON.stringify(value)} ×${n}${caseOnly}`;
        });
      detail = `${detail}: ${values.join('; ')}`;
    }
    return [f.kind, f.field, `${f.answers}/${e.answersChecked}`, detail];
  });
  const header = ['kind', 'field', 'answers', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `               ${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderSummary(report: ProbeReport, reportPath?: string): string {
  const out: string[] = [];
  const orgs = report.orgIds.map(shortId).join(', ') || 'none';
  const children = report.childOrgIds.map(shortId).join(', ') || 'none';
  const windowFrom = { option: '--end-date', as_of_date: "the summaries' as_of_date", today: 'today' }[
    report.window.from
  ];
  out.push(`Archera contract probe: ${report.upstream} (GET only; specs in openapi/ are the reference)`);
  out.push(
    `orgs: ${orgs}; child orgs: ${children}; providers: ${report.providers.join(', ')}; ` +
      `window ${report.window.start_date} to ${report.window.end_date} (from ${windowFrom}); ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  out.push('');
  for (const e of report.endpoints) {
    const head = `${LABEL[e.result].padEnd(12)} ${e.endpoint.padEnd(30)}`;
    if (e.result === 'skipped' || e.result === 'not_checked') {
      out.push(`${head} ${e.reason ?? ''}`.trimEnd());
      continue;
    }
    out.push(`${head} ${plural(e.calls, 'call').padStart(9)}  ${statusText(e)}`);
    for (const p of e.problems) {
      out.push(`               ${p.status ?? '-'} ${p.requestId}: ${p.message}`);
    }
    out.push(...findingLines(e));
  }
  out.push('');
  const t = report.totals;
  const reads = report.endpoints.filter((e) => e.method === 'GET').length;
  const skipped = report.endpoints.filter((e) => e.result === 'skipped').length;
  const notChecked = report.endpoints.filter((e) => e.result === 'not_checked').map((e) => e.endpoint);
  const tail = reportPath ? ` Report: ${reportPath}` : '';
  const unchecked = notChecked.length > 0 ? `; not checked: ${notChecked.join(', ')}` : '';
  switch (report.verdict) {
    case 'ok':
      out.push(
        `VERDICT: OK: ${plural(t.calls, 'call')} to ${t.endpointsChecked} of ${reads} read endpoints, every answer as the specs say (${skipped} POST endpoints skipped${unchecked}).${tail}`,
      );
      break;
    case 'unauthorized':
      out.push(`VERDICT: UNAUTHORIZED: every call was refused with 401; check ARCHERA_API_KEY.${tail}`);
      break;
    case 'unreachable':
      out.push(
        `VERDICT: UNREACHABLE: no call got an answer from ${report.upstream}; check ARCHERA_API_URL.${tail}`,
      );
      break;
    default: {
      const parts: string[] = [];
      if (t.findings > 0)
        parts.push(
          `${t.endpointsWithDrift} of ${reads} read endpoints differ from the specs (${plural(t.findings, 'finding')})`,
        );
      if (t.unexpectedStatuses > 0) parts.push(plural(t.unexpectedStatuses, 'unexpected status'));
      if (t.notSent > 0) parts.push(`${plural(t.notSent, 'call')} not sent (time budget spent)`);
      out.push(
        `VERDICT: ${report.verdict.toUpperCase().replace('_', ' ')}: ${parts.join(', ')}${unchecked}.${tail}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
