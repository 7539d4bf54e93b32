/** heketi-cli's `server operations` output (server.go templates). */
import type { OperationsInfo, PendingOperationDetails, PendingOperationInfo } from '../../client/types.js';

export function formatOperationsInfo(info: OperationsInfo): string {
  return (
    'Operation Counts:\n' +
    `  Total: ${info.total}\n` +
    `  In-Flight: ${info.in_flight}\n` +
    `  New: ${info.new}\n` +
    `  Failed: ${info.failed}\n` +
    `  Stale: ${info.stale}\n`
  );
}

const statusText = (op: PendingOperationInfo) => `${op.status === '' ? 'New' : op.status} ${op.sub_status}`;

export function formatPendingOperationList(ops: readonly PendingOperationInfo[]): string {
  return ops.map((op) => `Id:${op.id}  Type:${op.type_name}  Status:${statusText(op)}\n`).join('');
}

export function formatPendingOperationDetails(op: PendingOperationDetails): string {
  const changes = op.changes.map((c) => `\n    ${c.description}: ${c.id}`).join('');
  return `\nId: ${op.id}\nType: ${op.type_name}\nStatus: ${statusText(op)}\nChanges:${changes}\n`;
}
