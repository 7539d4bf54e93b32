import { z } from 'zod';

export const AdminStatus = z.object({ state: z.string() }).meta({ id: 'AdminStatus', description: 'normal | read-only | local-client' });

export const LogLevelInfo = z
  .object({ loglevel: z.record(z.string(), z.string()) })
  .meta({ id: 'LogLevelInfo', description: 'Only the "glusterfs" logger can be changed.' });

export const OperationsInfo = z
  .object({ total: z.int(), in_flight: z.int(), stale: z.int(), failed: z.int(), new: z.int() })
  .meta({ id: 'OperationsInfo' });

export const PendingOperationInfo = z
  .object({ id: z.string(), type_name: z.string(), status: z.string(), sub_status: z.string() })
  .meta({ id: 'PendingOperationInfo' });

export const PendingOperationListResponse = z
  .object({ pendingoperations: z.array(PendingOperationInfo) })
  .meta({ id: 'PendingOperationListResponse' });

export const PendingOperationDetails = z
  .object({
    id: z.string(),
    type_name: z.string(),
    status: z.string(),
    sub_status: z.string(),
    changes: z.array(z.object({ id: z.string(), description: z.string() })),
  })
  .meta({ id: 'PendingOperationDetails' });

export const PendingOperationsCleanRequest = z
  .object({ operations: z.array(z.string()) })
  .meta({ id: 'PendingOperationsCleanRequest' });

export const StateRepairRequest = z
  .object({
    delete_missing_volumes: z.array(z.string()),
    delete_foreign_volumes: z.array(z.string()),
  })
  .meta({ id: 'StateRepairRequest', description: 'heketi-ts: names of volumes the repair may delete (missing from gluster; not made by heketi-ts)' });
