/**
 * `npm run simulator`: the simulator alone, for tools and out-of-process tests (settings: cli.ts).
 * A bad setting fails with one line on stderr and exit code 1; SIGINT/SIGTERM close it cleanly.
 */
import { banner, describeStartError, readSimulatorEnv } from './cli';
import { startSimulator } from './server';

async function main(): Promise<void> {
  const sim = await startSimulator(readSimulatorEnv(process.env));
  process.stdout.write(`${banner(sim)}\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${describeStartError(error)}\n`);
  process.exit(1);
});
