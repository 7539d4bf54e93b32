import { describe, expect, it } from 'vitest';
import { execVerdict, neverStarted } from './exec-status.js';

describe('execVerdict', () => {
  it('reads success and the exit code of a failed command', () => {
    expect(execVerdict({ status: 'Success' })).toEqual({ kind: 'exited', exitCode: 0 });
    expect(
      execVerdict({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code: exit status 3',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      }),
    ).toEqual({ kind: 'exited', exitCode: 3 });
  });

  it('treats any other failure, or none at all, as a failed stream with its message', () => {
    const refused = { status: 'Failure', message: 'error dialing backend: dial tcp 10.213.78.12:10250: connect: connection refused' };
    expect(execVerdict(refused)).toEqual({ kind: 'failed', message: refused.message });
    expect(execVerdict({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [] } })).toEqual({
      kind: 'failed',
      message: 'NonZeroExitCode',
    });
    expect(execVerdict(undefined)).toEqual({ kind: 'failed', message: 'the exec stream closed without a status' });
  });
});

describe('neverStarted', () => {
  it('recognises a kubelet the apiserver could not reach', () => {
    expect(neverStarted('error dialing backend: dial tcp 10.213.78.12:10250: connect: connection refused')).toBe(true);
    expect(neverStarted('container not found ("glusterfs")')).toBe(true);
    expect(neverStarted('error: stream closed: EOF')).toBe(false);
  });
});
