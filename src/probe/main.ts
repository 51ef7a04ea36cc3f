/**
 * The contract probe as a command: `npm run probe` in the repository, or `node dist/probe/main.js` from the
 * build (openapi/ must sit next to dist/). It checks a live Archera account against openapi/ (GET only) and
 * reports every difference; `--help` lists the options.
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
