// The load generator of `npm run bench` (bench/compare.ts spawns it, one process per run, so it never shares
// a process with a target): autocannon 9 from bench/'s own dependencies. Input: one JSON job as argv[2].
// Output: one JSON line on stdout (with this process's CPU time, so compare.ts can tell what else ran).
//
// A job is { url, connections, durationSeconds, rate?, steps: [{ method, path, headers, body }] } (rate: at most
// that many requests per second in all, autocannon's overallRate; unset: as fast as the target answers) (compare.ts runs
// a warm-up as a job of its own, so the target's CPU time can be read around the measured run alone).
// One operation = all steps in order on one connection (a client that needs two round trips sends two).
// With one step the figures are autocannon's own; with more, an operation's latency is measured from the
// first step's send to the last step's response.
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2] ?? '{}');

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function run(seconds, samples) {
  const last = job.steps.length - 1;
  const requests = job.steps.map((step, i) => ({
    method: step.method,
    path: step.path,
    headers: step.headers,
    ...(step.body === undefined ? {} : { body: step.body }),
    ...(last > 0 && i === 0
      ? {
          setupRequest: (req, context) => {
            context.start = process.hrtime.bigint();
            return req;
          },
        }
      : {}),
    ...(last > 0 && i === last
      ? {
          onResponse: (status, _body, context) => {
            if (status >= 200 && status < 300 && context.start !== undefined)
              samples.push(Number(process.hrtime.bigint() - context.start) / 1e6);
          },
        }
      : {}),
  }));
  return autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    ...(job.rate ? { overallRate: job.rate } : {}),
    requests,
  });
}

async function main() {
  const samples = [];
  const result = await run(job.durationSeconds, samples);
  const steps = job.steps.length;
  const failed = result.non2xx + result.errors + result.timeouts;
  let out;
  if (steps === 1) {
    const ok = result.requests.total - result.non2xx;
    out = {
      operations: ok,
      perSecond: ok / job.durationSeconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
  } else {
    samples.sort((a, b) => a - b);
    out = {
      operations: samples.length,
      perSecond: samples.length / job.durationSeconds,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
    };
  }
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ ...out, requests: result.requests.total, failed, cpuMs })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
