/** A closed loopback port, for tests of what happens when nothing answers. */
import { freePort } from './ports';

/** The URL of a loopback port nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
