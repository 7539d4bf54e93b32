import { ChangeType, OperationType } from '../../domain/entities.js';
import { Errors } from '../../domain/errors.js';
import { recoverOne, settleJobsOf } from '../../operations/recovery.js';
import type { StoredOperation } from '../../store/repos/operations.js';
import { decodeBody } from '../decode.js';
import { sendAccepted, sendJson } from '../http/reply.js';
import { validateOperationsCleanup } from '../requests/volumes.js';
import { ID, type RouteTable } from '../route-table.js';
import { PendingOperationsCleanRequest } from '../schemas/admin.js';
import type { AppServices } from '../services.js';

/** Heketi's operation type names (pendingop.go). */
const TYPE_NAMES: Record<number, string> = {
  [OperationType.CreateVolume]: 'create-volume',
  [OperationType.DeleteVolume]: 'delete-volume',
  [OperationType.ExpandVolume]: 'expand-volume',
  [OperationType.CreateBlockVolume]: 'create-block-volume',
  [OperationType.DeleteBlockVolume]: 'delete-block-volume',
  [OperationType.RemoveDevice]: 'remove-device',
  [OperationType.CloneVolume]: 'clone-volume',
  [OperationType.EvictBrick]: 'evict-brick',
  [OperationType.ExpandBlockVolume]: 'expand-block-volume',
  [OperationType.RepairDrift]: 'repair-drift',
};

/** Heketi's change descriptions, quirks included (an added clone reads "Expand volume to"). */
const CHANGE_DESCRIPTIONS: Record<number, string> = {
  [ChangeType.AddBrick]: 'Add brick',
  [ChangeType.AddVolume]: 'Add volume',
  [ChangeType.DeleteBrick]: 'Delete brick',
  [ChangeType.DeleteVolume]: 'Delete volume',
  [ChangeType.ExpandVolume]: 'Expand volume',
  [ChangeType.AddBlockVolume]: 'Add block volume',
  [ChangeType.DeleteBlockVolume]: 'Delete block volume',
  [ChangeType.RemoveDevice]: 'Remove device',
  [ChangeType.CloneVolume]: 'Clone volume from',
  [ChangeType.SnapshotVolume]: 'Snapshot volume',
  [ChangeType.AddVolumeClone]: 'Expand volume to',
  [ChangeType.ChildOperation]: 'Performing child operation',
  [ChangeType.ParentOperation]: 'Belongs to parent operation',
  [ChangeType.ExpandBlockVolume]: 'Expand block volume',
};

/**
 * Operation ids a running queue job is working on (Heketi: tracked in memory). A pending job that
 * no longer runs waits for its operation's recovery (its result could not be saved).
 */
const inFlightIds = (s: AppServices): Set<string> =>
  new Set(s.store.jobs.listPending().flatMap((j) => (j.opId === null || !s.jobs.isRunning(j.id) ? [] : [j.opId])));

function summary(op: StoredOperation, inFlight: Set<string>) {
  return {
    id: op.id,
    type_name: TYPE_NAMES[op.type] ?? 'unknown',
    status: op.status,
    sub_status: inFlight.has(op.id) ? 'in-flight' : '',
  };
}

/** Operations no job is running: stale, failed, or new ones whose job ended without finishing them. */
function cleanable(s: AppServices, ids: string[]): StoredOperation[] {
  const inFlight = inFlightIds(s);
  const wanted = new Set(ids);
  return s.store.operations.list().filter((op) => !inFlight.has(op.id) && (wanted.size === 0 || wanted.has(op.id)));
}

export function operationRoutes(r: RouteTable, s: AppServices): void {
  r.get('/operations', (_req, reply) => {
    const ops = s.store.operations.list();
    const count = (status: string) => ops.filter((o) => o.status === status).length;
    return sendJson(reply, 200, {
      total: ops.length,
      in_flight: s.tracker.inFlight(),
      stale: count('stale'),
      failed: count('failed'),
      new: count(''),
    });
  });

  r.get('/operations/pending', (_req, reply) => {
    const inFlight = inFlightIds(s);
    return sendJson(reply, 200, { pendingoperations: s.store.operations.list().map((op) => summary(op, inFlight)) });
  });

  r.get(`/operations/pending/:id${ID}`, (req, reply) => {
    const id = (req.params as { id: string }).id;
    const op = s.store.operations.get(id);
    if (!op) throw Errors.notFoundWith(`Id not found: ${id}`);
    return sendJson(reply, 200, {
      ...summary(op, inFlightIds(s)),
      changes: op.actions.map((a) => ({ id: a.id, description: CHANGE_DESCRIPTIONS[a.change] ?? 'Unknown' })),
    });
  });

  // Finishes or undoes operations one at a time, with the same rules as start-up recovery.
  r.post('/operations/pending/cleanup', (req, reply) => {
    const body = decodeBody(PendingOperationsCleanRequest, req.body as string | undefined);
    validateOperationsCleanup(body);
    const jobId = s.runner.startJob(false, async () => {
      const errors: string[] = [];
      for (const op of cleanable(s, body.operations)) {
        const outcome = await recoverOne(s.store, s.loadOperation, op, s.ctx.log);
        settleJobsOf(s.store, s.jobs, op.id, outcome);
        if (typeof outcome === 'object' && 'error' in outcome) errors.push(`${op.id}: ${outcome.error}`);
      }
      if (errors.length > 0) throw new Error(`Unable to clean up operations:\n${errors.join('\n')}`);
      return null;
    });
    return sendAccepted(reply, jobId);
  });
}
