/** Reading the Prometheus text the gateway exposes on /metrics. */

/** The value of one sample, by metric name and exact label set (in any order). */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = m[2] ? m[2].split(/,(?=[a-z_]+=")/).sort() : [];
    if (got.length === wanted.length && got.every((l, i) => l === wanted[i])) return Number(m[3]);
  }
  return undefined;
}
