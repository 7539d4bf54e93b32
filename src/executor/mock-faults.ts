/**
 * Fault injection for the mock executor, so tests can interrupt any operation at any step.
 *
 * Syntax (config `glusterfs.mockexec.faults`, env HEKETI_TS_MOCK_FAULTS): comma-separated rules
 * `<method>[@<n>]=<action>`, where method is an Executor method name or `*`, `@n` limits the rule
 * to the n-th call of that method (1-based), and action is one of
 *   fail         the call throws `mock failure injected at <method>`
 *   hang         the call never returns
 *   crash        the process kills itself with SIGKILL (crash tests)
 *   delay:<ms>   the call waits, then runs normally
 */

export type FaultAction = { kind: 'fail' } | { kind: 'hang' } | { kind: 'crash' } | { kind: 'delay'; ms: number };

export interface FaultRule {
  method: string;
  nth: number | null;
  action: FaultAction;
}

const RULE = /^([A-Za-z*]+)(?:@(\d+))?=(fail|hang|crash|delay:\d+)$/;

export function parseFaults(spec: string): FaultRule[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = RULE.exec(s);
      if (!m) throw new Error(`invalid mock fault rule "${s}": expected <method>[@n]=fail|hang|crash|delay:<ms>`);
      const [, method, nth, action] = m as unknown as [string, string, string | undefined, string];
      return { method, nth: nth === undefined ? null : Number(nth), action: parseAction(action) };
    });
}

function parseAction(action: string): FaultAction {
  if (action.startsWith('delay:')) return { kind: 'delay', ms: Number(action.slice(6)) };
  return { kind: action as 'fail' | 'hang' | 'crash' };
}

/** Counts calls per method and says which fault, if any, applies to this call. */
export class FaultPlan {
  private readonly calls = new Map<string, number>();

  constructor(private rules: FaultRule[]) {}

  replace(rules: FaultRule[]): void {
    this.rules = rules;
    this.calls.clear();
  }

  actionsFor(method: string): FaultAction[] {
    const n = (this.calls.get(method) ?? 0) + 1;
    this.calls.set(method, n);
    return this.rules
      .filter((r) => (r.method === method || r.method === '*') && (r.nth === null || r.nth === n))
      .map((r) => r.action);
  }
}

/** Applies the faults for one call: waits, throws, hangs or kills the process. */
export async function applyFaults(plan: FaultPlan, method: string): Promise<void> {
  for (const action of plan.actionsFor(method)) {
    switch (action.kind) {
      case 'delay':
        await new Promise((r) => setTimeout(r, action.ms));
        break;
      case 'fail':
        throw new Error(`mock failure injected at ${method}`);
      case 'hang':
        await new Promise(() => undefined);
        break;
      case 'crash':
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined);
        break;
    }
  }
}
