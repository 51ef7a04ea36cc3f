// Where one target's CPU per query goes beyond another's: two V8 CPU profiles (from `BENCH_CPU_PROF=1
// npm run bench`) and each target's CPU ms per query from the same run. Each profile's self time is split by
// group and by package or source folder, each share turned into ms per query (share x CPU ms per query), and
// the rows sorted by what A spends beyond B. Start-up and idle time are left out.
// Usage: node bench/profile-diff.mjs A.cpuprofile A_CPU_MS B.cpuprofile B_CPU_MS [top=20]
// e.g. our gateway against the Apollo floor: what of our gateway's cost is ours.
import { category, group, readProfile } from './cpu-profile.mjs';

const [fileA, cpuA, fileB, cpuB, topArg] = process.argv.slice(2);
if (!fileA || !fileB || !(Number(cpuA) > 0) || !(Number(cpuB) > 0)) {
  console.error('usage: node bench/profile-diff.mjs A.cpuprofile A_CPU_MS B.cpuprofile B_CPU_MS [top]');
  process.exit(2);
}
const top = Number(topArg ?? 20);

/** Ms per query by group and by package, from a profile's self-time shares. */
function perQuery(file, cpuMsPerQuery) {
  const { byId, selfMs } = readProfile(file);
  const groups = new Map();
  const packages = new Map();
  let busy = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += ms;
    const cat = category(frame);
    const g = group(cat, frame);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    packages.set(cat, (packages.get(cat) ?? 0) + ms);
  }
  const scale = (m) => new Map([...m].map(([k, ms]) => [k, (ms / busy) * cpuMsPerQuery]));
  return { groups: scale(groups), packages: scale(packages) };
}

const a = perQuery(fileA, Number(cpuA));
const b = perQuery(fileB, Number(cpuB));
const ms = (v) => v.toFixed(3).padStart(7);

function table(title, ma, mb, limit) {
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  const rows = [...keys]
    .map((k) => [k, ma.get(k) ?? 0, mb.get(k) ?? 0])
    .sort((x, y) => y[1] - y[2] - (x[1] - x[2]))
    .slice(0, limit);
  console.log(`\n${title} (CPU ms per query)\n${'A'.padStart(7)} ${'B'.padStart(7)} ${'A - B'.padStart(7)}`);
  for (const [k, va, vb] of rows) console.log(`${ms(va)} ${ms(vb)} ${ms(va - vb)}  ${k}`);
}

console.log(`A: ${fileA} (${cpuA} ms per query)\nB: ${fileB} (${cpuB} ms per query)`);
table('self time by group', a.groups, b.groups, Infinity);
table('self time by package / folder, largest differences first', a.packages, b.packages, top);
