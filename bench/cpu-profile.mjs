// Reading a V8 CPU profile (node --cpu-prof) for bench/profile-summary.mjs and bench/profile-diff.mjs: self
// time per call-tree node without start-up, and where each frame belongs (a package, a Node internal module,
// or a folder of our source: src/ under tsx, dist/ as compiled for the bench).
import { readFileSync } from 'node:fs';

/**
 * The profile's nodes by id, their parents, and self time (ms) per node id. Start-up (the main module's
 * synchronous evaluation: requires, schema build) is left out: the figures are the steady state under load.
 */
export function readProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
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
  return { byId, parentOf, selfMs, startupMs };
}

/** The package, Node module or source folder of a profile's call frame. */
export function category(frame) {
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

/** Coarse groups of self time: our code, Apollo, graphql-js, undici, Node, native code, GC, the rest. */
export function group(cat, frame) {
  if (cat === '(garbage collector)') return 'garbage collection';
  if (cat === '(native)' || cat === '(program)') return `native code (syscalls, JSON, builtins)`;
  if (cat.startsWith('src/')) return 'our code (src/)';
  if (cat.startsWith('node:')) return 'Node internals (http, streams, async hooks, ...)';
  if (cat === '@apollo/server' || cat === 'graphql' || cat === 'undici') return cat;
  return frame.url ? 'other packages' : cat;
}
