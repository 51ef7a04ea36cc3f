/**
 * The probe as a command: `npm run probe` (scripts/probe.ts loads this file) in the repository, or
 * `node dist/upstream/drift/probe/main.js` from the build (openapi/ must sit next to dist/).
 */
import { main } from './cli';

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not an upstream problem: the message only, never the environment.
    console.error(`probe: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
