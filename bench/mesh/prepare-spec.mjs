// Writes the copy of the vendor's v1 spec that Mesh is composed from: `nullable: true` beside every
// `type: [T, "null"]`, because Mesh on OpenAPI 3.1 turns a required `type: [T, "null"]` into `T!` and a
// null value (e.g. max_term) then fails at run time. Nothing else changes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '../../openapi/archera-v1.openapi.json');
const target = resolve(here, '../results/mesh/archera-v1.nullable.openapi.json');

let patched = 0;
function walk(node) {
  if (Array.isArray(node)) {
    node.forEach(walk);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node.type) && node.type.includes('null') && node.nullable !== true) {
    node.nullable = true;
    patched += 1;
  }
  Object.values(node).forEach(walk);
}

const spec = JSON.parse(readFileSync(source, 'utf8'));
walk(spec);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(spec, null, 2)}\n`);
console.log(`mesh: ${target} (${patched} nullable types marked)`);
