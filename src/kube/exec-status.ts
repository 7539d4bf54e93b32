/**
 * What the exec subresource's status message says about a command. The kubelet ends every exec
 * stream with a Status on channel 3: `Success`, or `Failure` with reason `NonZeroExitCode` and the
 * code in a cause of type `ExitCode` when the command ran and failed. Any other `Failure` means the
 * command could not be run or followed (kubelet unreachable, container gone, runtime error).
 */

/** The fields of a metav1.Status this module reads (V1Status from @kubernetes/client-node fits). */
export interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; type?: string; message?: string }> };
}

export type ExecVerdict =
  | { kind: 'exited'; exitCode: number }
  /** The stream failed without an exit code: `message` says why. */
  | { kind: 'failed'; message: string };

export const execVerdict = (status: ExecStatus | undefined): ExecVerdict => {
  if (!status) return { kind: 'failed', message: 'the exec stream closed without a status' };
  if (status.status === 'Success') return { kind: 'exited', exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => (c.reason ?? c.type) === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code) && code > 0) return { kind: 'exited', exitCode: code };
  }
  return { kind: 'failed', message: status.message || status.reason || JSON.stringify(status) };
};

/**
 * Whether a failed stream shows that the command never started: the apiserver could not reach the
 * kubelet (so nothing ran on the node). Other failures may have happened while it ran.
 */
export const neverStarted = (message: string): boolean =>
  /error dialing backend|dial tcp|connection refused|no route to host|i\/o timeout|container not found/i.test(message);
