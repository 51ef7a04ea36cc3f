// Summarises a V8 CPU profile (node --cpu-prof; `BENCH_CPU_PROF=1 npm run bench` writes one per gateway
// target to bench/results/profiles/): self time by package or source folder, and the top functions.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

// Start-up (the main module's synchronous evaluation: requires, schema build) is left out: the figures are
// the steady state under load.
const startupIds = new Set();
for (const n of profile.nodes) {
  for (let cur = n.id; cur !== undefined; cur = parentOf.get(cur)) {
    if (byId.get(cur).callFrame.functionName === 'executeUserEntryPoint') {
      startupIds.add(n.id);
      break;
    }
  }
}
let startupMs = 0;
const selfMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  if (startupIds.has(id)) startupMs += ms;
  else selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
}

function category(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  // Our code, from src/ (tsx) or compiled to dist/ (npm run bench's build).
  const src = Math.max(url.lastIndexOf('/src/'), url.lastIndexOf('/dist/'));
  if (src >= 0) {
    const rest = url.slice(url.indexOf('/', src + 1) + 1).split('/');
    return `src/${rest.length > 1 ? rest[0] : rest[0].replace(/\.[jt]s$/, '')}`;
  }
  return url.split('/').slice(-2).join('/');
}

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

// Coarse groups of self time.
function group(cat, frame) {
  if (cat === '(garbage collector)') return 'garbage collection';
  if (cat === '(native)' || cat === '(program)') return `native code (syscalls, JSON, builtins)`;
  if (cat.startsWith('src/')) return 'our code (src/)';
  if (cat.startsWith('node:')) return 'Node internals (http, streams, async hooks, ...)';
  if (cat === '@apollo/server' || cat === 'graphql' || cat === 'undici') return cat;
  return frame.url ? 'other packages' : cat;
}
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
