/**
 * `npm run probe`: checks a live Archera account against openapi/ (GET only) and reports every difference.
 * Options: `npm run probe -- --help`; the code is in src/upstream/drift/probe/ (so the build ships it too).
 */
import '../src/upstream/drift/probe/main';
