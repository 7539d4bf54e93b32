/**
 * Writing the pending-operation record that every operation keeps while it runs (Heketi's
 * PendingOperationEntry plus heketi-ts's phase and payload). Call these inside a transaction.
 */
import type { OperationAction, OperationTypeNumber } from '../domain/entities.js';
import type { ServiceContext } from '../services/context.js';
import type { StoredOperation } from '../store/repos/operations.js';

/** A record in the build phase, stamped with the current time. */
export function newOperationRecord(
  ctx: ServiceContext,
  id: string,
  type: OperationTypeNumber,
  actions: OperationAction[],
  payload: Record<string, unknown>,
): StoredOperation {
  return { id, type, timestamp: ctx.clock.nowSeconds(), status: '', phase: 'build', actions, payload };
}

/** Inserts the record of an operation that builds once (its id is new). */
export function insertOperationRecord(
  ctx: ServiceContext,
  id: string,
  type: OperationTypeNumber,
  actions: OperationAction[],
  payload: Record<string, unknown>,
): void {
  ctx.store.operations.insert(newOperationRecord(ctx, id, type, actions, payload));
}

/** Writes the record, or rewrites it when a retried operation builds again under the same id. */
export function savePendingOperation(
  ctx: ServiceContext,
  id: string,
  type: OperationTypeNumber,
  actions: OperationAction[],
  payload: Record<string, unknown>,
): void {
  const record = newOperationRecord(ctx, id, type, actions, payload);
  if (ctx.store.operations.get(id)) ctx.store.operations.update(record);
  else ctx.store.operations.insert(record);
}
