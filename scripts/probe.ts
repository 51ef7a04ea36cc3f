/**
 * `npm run probe`: checks a live Archera account against openapi/ (GET only) and reports every difference.
 * See src/upstream/drift/probe/cli.ts for the options (or `npm run probe -- --help`).
 */
import { main } from '../src/upstream/drift/probe/cli';

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Unexpected (a bug): the message only, never the environment.
    console.error(`probe: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
