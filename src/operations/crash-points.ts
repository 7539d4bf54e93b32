/**
 * Named points between an operation's phases where a crash test can make the server kill itself
 * (env HEKETI_TS_CRASH_AT="<operation type name>:<point>", e.g. "create-volume:after-build").
 * Points: after-build, after-exec, after-finalize. Read once at start; a no-op in normal runs.
 */
export type CrashPoint = 'after-build' | 'after-exec' | 'after-finalize';

const target = process.env.HEKETI_TS_CRASH_AT ?? '';

export function crashPoint(operationTypeName: string, point: CrashPoint): void {
  if (target !== '' && target === `${operationTypeName}:${point}`) process.kill(process.pid, 'SIGKILL');
}
