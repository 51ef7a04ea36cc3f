/**
 * Counts what the fault-injection suite did: faults the simulator actually applied (from its call log:
 * a rule applies to the calls of its endpoint after `skip`, at most `times`), faults injected elsewhere
 * (Redis, the journal: counted by the test that injects them), and requests the gateway answered. The simulator's rules are set and settled through here so nothing is counted twice.
 */
import type { FaultRule, StartedSimulator } from '../../src/simulator';

export class FaultTally {
  faults = 0;
  requests = 0;
  readonly byKind = new Map<string, number>();
  private rules: FaultRule[] = [];

  constructor(private readonly simulator: () => StartedSimulator) {}

  /** Settles the previous rules, then arms these (with a fresh call log). */
  inject(rules: FaultRule[]): void {
    this.settle();
    this.rules = rules;
    this.simulator().setFaults(rules);
  }

  /** Counts what the armed rules applied since they were armed, and disarms them. */
  settle(): void {
    const sim = this.simulator();
    if (this.rules.length > 0) {
      const calls = sim.calls();
      for (const rule of this.rules) {
        const matching = calls.filter(
          (c) => c.endpoint !== 'unknown' && ((rule.endpoint ?? '*') === '*' || c.endpoint === rule.endpoint),
        ).length;
        const applied = Math.min(rule.times ?? Infinity, Math.max(0, matching - (rule.skip ?? 0)));
        this.faults += applied;
        this.byKind.set(rule.kind, (this.byKind.get(rule.kind) ?? 0) + applied);
      }
      this.rules = [];
      sim.clearFaults();
    }
    sim.resetCalls();
  }

  /** Faults injected outside the simulator (the shared Redis hung or killed, a journal on a full disk). */
  external(kind: string, n = 1): void {
    this.faults += n;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + n);
  }

  served(n = 1): void {
    this.requests += n;
  }

  summary(extra: string): string {
    const kinds = [...this.byKind].map(([k, n]) => `${k} ${n}`).join(', ');
    return `faults suite: ${this.faults} faults injected (${kinds}), ${this.requests} requests served; ${extra}`;
  }
}
