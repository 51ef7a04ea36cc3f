// Summarises a V8 CPU profile (node --cpu-prof; `BENCH_CPU_PROF=1 npm run bench` writes one per gateway
// target to bench/results/profiles/): self time by package or source folder, and the top functions.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [top=25]
import { category, group, readProfile } from './cpu-profile.mjs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const { byId, parentOf, selfMs, startupMs } = readProfile(file);

const categories = new Map();
const functions = new Map();
let total = 0;
let idle = 0;
for (const [id, ms] of selfMs) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') {
    idle += ms;
    continue;
  }
  total += ms;
  const cat = category(frame);
  categories.set(cat, (categories.get(cat) ?? 0) + ms);
  const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
  const fn = `${frame.functionName || '(anonymous)'} ${where} [${cat}]`;
  functions.set(fn, (functions.get(fn) ?? 0) + ms);
}

// Inclusive time: every sample counts once for each distinct function on its stack.
const inclusive = new Map();
for (const [id, ms] of selfMs) {
  if (byId.get(id).callFrame.functionName === '(idle)') continue;
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parentOf.get(cur)) {
    const frame = byId.get(cur).callFrame;
    if (!frame.url) continue;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')} [${category(frame)}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  }
}

const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
console.log(
  `${file}: ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle (start-up, ${startupMs.toFixed(0)} ms, left out)`,
);

const groups = new Map();
for (const [id, ms] of selfMs) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') continue;
  const g = group(category(frame), frame);
  groups.set(g, (groups.get(g) ?? 0) + ms);
}
console.log('\nself time by group:');
for (const [g, ms] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${pct(ms)}  ${g}`);
console.log('\nself time by package / folder:');
for (const [cat, ms] of [...categories].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(ms)}  ${cat}`);
}
console.log('\ntop functions (self time):');
for (const [fn, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(ms)}  ${fn}`);
}
console.log('\ntop functions (inclusive time, by name and file):');
for (const [fn, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) {
  console.log(`${pct(ms)}  ${fn}`);
}
