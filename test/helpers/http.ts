/** Small HTTP helpers for the operations tests. */
import { startSimulator } from '../../src/simulator';

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The URL of a loopback port nothing listens on (a simulator started, then closed). */
export async function closedPortUrl(): Promise<string> {
  const sim = await startSimulator({ port: 0 });
  await sim.close();
  return sim.url;
}
