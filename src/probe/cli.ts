/**
 * `npm run probe`: arguments and environment, the run, the summary on stdout, the JSON report on disk, and
 * the exit code (0 nothing differs, 1 drift or unexpected statuses, 2 usage or configuration error).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isValidHeaderValue, parseBaseUrl } from '../upstream/http';
import { scrubSecret } from '../tenant/secrets';
import { PROVIDERS, runProbe, type ProbeOptions, type ProbeProvider } from './run';
import { renderSummary } from './summary';

export const USAGE = `Usage: npm run probe -- [options]

Checks a live Archera account against the gateway's OpenAPI specs (openapi/), GET requests only: every
read endpoint, for each org. The two POST endpoints (apply, purchase) move money and are never sent.

Environment:
  ARCHERA_API_URL         upstream base URL, e.g. https://api.archera.ai (required)
  ARCHERA_API_KEY         API key of the account (required; never printed or written)
  ARCHERA_ORG_IDS         org ids, comma-separated
  ARCHERA_CHILD_ORG_IDS   a partner's child org ids, comma-separated (partner default plans)
  ARCHERA_TIMEOUT_MS      per-call timeout (default 10000)

Options:
  --org <uuid>            an org to walk (repeatable; added to ARCHERA_ORG_IDS)
  --child-org <uuid>      a partner child org (repeatable; added to ARCHERA_CHILD_ORG_IDS)
  --partner-plans         also read partner default plans of the --org orgs
  --providers <list>      aws,azure,gcp (default all three)
  --end-date <date>       end of the 30-day usage window, YYYY-MM-DD (default: the data's as_of_date, else today)
  --out <file>            JSON report (default probe-report.json in the current directory)
  --timeout-ms <n>        per-call timeout in ms
  --concurrency <n>       calls in flight at once, 1-16 (default 4)
  --max-duration-s <n>    time budget of the whole run (default 300)
  -h, --help              this text

Exit status: 0 every answer as the specs say; 1 drift, unexpected statuses or calls not made; 2 usage or
configuration error (missing variables, bad arguments, key refused everywhere, upstream unreachable).`;

export interface ProbeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(file: string, text: string): void;
  cwd(): string;
}

const defaultIo: ProbeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  writeFile: (file, text) => writeFileSync(file, text),
  cwd: () => process.cwd(),
};

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ParsedArgs {
  help: boolean;
  options?: ProbeOptions;
  out?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function positiveInt(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

/** Arguments and environment to options; throws UsageError with a one-line message. */
export function parseProbeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const orgs = list(env['ARCHERA_ORG_IDS']);
  const children = list(env['ARCHERA_CHILD_ORG_IDS']);
  let out: string | undefined;
  let providers: ProbeProvider[] | undefined;
  let endDate: string | undefined;
  let timeoutMs: number | undefined;
  let concurrency: number | undefined;
  let maxDurationMs: number | undefined;
  let partnerPlans = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { help: true };
      case '--org':
        orgs.push(value());
        break;
      case '--child-org':
        children.push(value());
        break;
      case '--partner-plans':
        partnerPlans = true;
        break;
      case '--out':
        out = value();
        break;
      case '--providers': {
        const names = list(value());
        const bad = names.find((p) => !(PROVIDERS as readonly string[]).includes(p));
        if (bad !== undefined || names.length === 0)
          throw new UsageError(`--providers takes a list of ${PROVIDERS.join(', ')}`);
        providers = names as ProbeProvider[];
        break;
      }
      case '--end-date': {
        const date = value();
        if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
          throw new UsageError('--end-date must be a date, YYYY-MM-DD');
        endDate = date;
        break;
      }
      case '--timeout-ms':
        timeoutMs = positiveInt('--timeout-ms', value(), 600_000);
        break;
      case '--concurrency':
        concurrency = positiveInt('--concurrency', value(), 16);
        break;
      case '--max-duration-s':
        maxDurationMs = positiveInt('--max-duration-s', value(), 86_400) * 1000;
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg.slice(0, 40))}`);
    }
  }

  const baseUrl = env['ARCHERA_API_URL']?.trim();
  const apiKey = env['ARCHERA_API_KEY'];
  if (!baseUrl)
    throw new UsageError(
      'ARCHERA_API_URL is not set (the Archera API base URL, e.g. https://api.archera.ai)',
    );
  if (!apiKey) throw new UsageError('ARCHERA_API_KEY is not set (the API key of the account to probe)');
  try {
    parseBaseUrl(baseUrl);
  } catch (err) {
    throw new UsageError(`ARCHERA_API_URL: ${(err as Error).message}`);
  }
  if (!isValidHeaderValue(apiKey))
    throw new UsageError('ARCHERA_API_KEY has characters an HTTP header cannot carry');
  if (timeoutMs === undefined && env['ARCHERA_TIMEOUT_MS'])
    timeoutMs = positiveInt('ARCHERA_TIMEOUT_MS', env['ARCHERA_TIMEOUT_MS'], 600_000);
  for (const [what, ids] of [
    ['org id', orgs],
    ['child org id', children],
  ] as const) {
    const bad = ids.find((id) => !UUID.test(id));
    if (bad !== undefined) throw new UsageError(`${what} ${JSON.stringify(bad.slice(0, 60))} is not a UUID`);
  }
  if (orgs.length === 0 && children.length === 0) {
    throw new UsageError(
      'no org to probe: set ARCHERA_ORG_IDS or pass --org <uuid> (and --child-org for partner child orgs)',
    );
  }

  const options: ProbeOptions = {
    baseUrl,
    apiKey,
    orgIds: orgs,
    childOrgIds: children,
    partnerPlansForOrgs: partnerPlans,
    ...(providers ? { providers } : {}),
    ...(endDate ? { endDate } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
  };
  return { help: false, options, ...(out !== undefined ? { out } : {}) };
}

/** The whole command; resolves to the exit status. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: ProbeIo = defaultIo,
): Promise<number> {
  const key = env['ARCHERA_API_KEY'] ?? '';
  const say = (write: (t: string) => void, text: string) => write(key ? scrubSecret(text, key) : text);
  let parsed: ParsedArgs;
  try {
    parsed = parseProbeArgs(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    say(io.stderr, `probe: ${err.message}. Run with --help for usage.\n`);
    return 2;
  }
  if (parsed.help || !parsed.options) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const out = path.resolve(io.cwd(), parsed.out ?? 'probe-report.json');
  let report;
  try {
    report = await runProbe(parsed.options);
  } catch (err) {
    say(io.stderr, `probe: ${(err as Error).message}\n`);
    return 2;
  }
  const relative = path.relative(io.cwd(), out);
  const shown = relative === '' || relative.startsWith('..') ? out : relative;
  try {
    io.writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  } catch (err) {
    say(io.stdout, renderSummary(report));
    say(
      io.stderr,
      `probe: cannot write the report to ${shown} (${String((err as { code?: unknown }).code ?? err)})\n`,
    );
    return 2;
  }
  say(io.stdout, renderSummary(report, shown));
  return report.exitCode;
}
