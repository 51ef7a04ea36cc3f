/**
 * Exits 1 when a committed generated file differs from what its source generates now.
 * Used by test/schema/generated-fresh.test.ts; fix with `npm run generate`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { generateUpstreamTypes } from './generate-upstream-types';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const stale: string[] = [];
  for (const [file, text] of Object.entries(await generateUpstreamTypes(root))) {
    const target = path.join('src/generated/upstream', file);
    if (readFileSync(path.join(root, target), 'utf8') !== text) stale.push(target);
  }
  const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
  const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as Array<{
    filename: string;
    content: string;
  }>;
  for (const { filename, content } of outputs) {
    if (readFileSync(path.resolve(root, filename), 'utf8') !== content) stale.push(filename);
  }
  if (stale.length > 0) {
    console.error(`stale generated files (run \`npm run generate\`): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('generated files are up to date');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
