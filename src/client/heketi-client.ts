/**
 * A typed Heketi REST client: one method per route heketi-cli uses (spec §13.2). Every method
 * resolves with the parsed JSON answer (or nothing for 200/204 without a body) and rejects with
 * HeketiClientError carrying the server's text.
 */
import type { DriftReport } from '../services/drift/types.js';
import type { RepairFlags, RepairResult } from '../services/drift/plan.js';
import { HttpTransport, type RequestOptions, type TransportOptions } from './http-transport.js';
import type {
  AdminStatus,
  BlockVolumeCreateRequest,
  BlockVolumeInfo,
  ClusterFlags,
  ClusterInfo,
  DeviceAddRequest,
  DeviceInfo,
  LogLevelInfo,
  NodeAddRequest,
  NodeInfo,
  OperationsInfo,
  PendingOperationDetails,
  PendingOperationInfo,
  StateRequest,
  Tags,
  TagsChangeRequest,
  VolumeCreateRequest,
  VolumeInfo,
} from './types.js';

export type HeketiClientOptions = TransportOptions;

export class HeketiClient {
  private readonly http: HttpTransport;

  constructor(options: HeketiClientOptions) {
    this.http = new HttpTransport(options);
  }

  /** The raw answer text of a request (used for /db/dump and /db/check, printed verbatim). */
  async text(method: string, path: string, options?: RequestOptions): Promise<string> {
    return (await this.http.exchange(method, path, options)).text;
  }

  /** A request whose answer is JSON (or empty, then undefined). */
  async json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    const text = await this.text(method, path, options);
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }

  private async none(method: string, path: string, options?: RequestOptions): Promise<void> {
    await this.http.exchange(method, path, options);
  }

  clusterCreate(flags: ClusterFlags): Promise<ClusterInfo> {
    return this.json('POST', '/clusters', { body: flags });
  }
  clusterList(): Promise<{ clusters: string[] }> {
    return this.json('GET', '/clusters');
  }
  clusterInfo(id: string): Promise<ClusterInfo> {
    return this.json('GET', `/clusters/${id}`);
  }
  clusterDelete(id: string): Promise<void> {
    return this.none('DELETE', `/clusters/${id}`);
  }
  clusterSetFlags(id: string, flags: ClusterFlags): Promise<void> {
    return this.none('POST', `/clusters/${id}/flags`, { body: flags });
  }

  nodeAdd(request: NodeAddRequest): Promise<NodeInfo> {
    return this.json('POST', '/nodes', { body: request });
  }
  nodeInfo(id: string): Promise<NodeInfo> {
    return this.json('GET', `/nodes/${id}`);
  }
  nodeDelete(id: string): Promise<void> {
    return this.none('DELETE', `/nodes/${id}`);
  }
  nodeState(id: string, request: StateRequest): Promise<void> {
    return this.none('POST', `/nodes/${id}/state`, { body: request });
  }
  nodeSetTags(id: string, request: TagsChangeRequest): Promise<Tags> {
    return this.json('POST', `/nodes/${id}/tags`, { body: request });
  }

  deviceAdd(request: DeviceAddRequest): Promise<void> {
    return this.none('POST', '/devices', { body: request });
  }
  deviceInfo(id: string): Promise<DeviceInfo> {
    return this.json('GET', `/devices/${id}`);
  }
  deviceDelete(id: string, forceForget = false): Promise<void> {
    return this.none('DELETE', `/devices/${id}`, { body: { forceforget: forceForget }, omitContentType: true });
  }
  deviceState(id: string, request: StateRequest): Promise<void> {
    return this.none('POST', `/devices/${id}/state`, { body: request });
  }
  deviceResync(id: string): Promise<void> {
    return this.none('GET', `/devices/${id}/resync`);
  }
  deviceSetTags(id: string, request: TagsChangeRequest): Promise<Tags> {
    return this.json('POST', `/devices/${id}/tags`, { body: request });
  }

  /** GET /backup/db: the server's database file, as bytes (heketi-cli's BackupDb). */
  async backupDb(): Promise<Buffer> {
    return (await this.http.exchange('GET', '/backup/db')).bytes;
  }

  volumeCreate(request: VolumeCreateRequest): Promise<VolumeInfo> {
    return this.json('POST', '/volumes', { body: request });
  }
  volumeList(): Promise<{ volumes: string[] }> {
    return this.json('GET', '/volumes');
  }
  volumeInfo(id: string): Promise<VolumeInfo> {
    return this.json('GET', `/volumes/${id}`);
  }
  volumeDelete(id: string): Promise<void> {
    return this.none('DELETE', `/volumes/${id}`);
  }
  volumeExpand(id: string, expandSizeGib: number): Promise<VolumeInfo> {
    return this.json('POST', `/volumes/${id}/expand`, { body: { expand_size: expandSizeGib } });
  }
  volumeClone(id: string, name?: string): Promise<VolumeInfo> {
    return this.json('POST', `/volumes/${id}/clone`, { body: name ? { name } : {} });
  }
  volumeSetBlockRestriction(id: string, restriction: '' | 'locked'): Promise<VolumeInfo> {
    return this.json('POST', `/volumes/${id}/block-restriction`, { body: { restriction } });
  }

  blockVolumeCreate(request: BlockVolumeCreateRequest): Promise<BlockVolumeInfo> {
    return this.json('POST', '/blockvolumes', { body: request });
  }
  blockVolumeList(): Promise<{ blockvolumes: string[] }> {
    return this.json('GET', '/blockvolumes');
  }
  blockVolumeInfo(id: string): Promise<BlockVolumeInfo> {
    return this.json('GET', `/blockvolumes/${id}`);
  }
  blockVolumeDelete(id: string): Promise<void> {
    return this.none('DELETE', `/blockvolumes/${id}`);
  }
  blockVolumeExpand(id: string, newSizeGib: number): Promise<BlockVolumeInfo> {
    return this.json('POST', `/blockvolumes/${id}/expand`, { body: { new_size: newSizeGib } });
  }

  brickEvict(id: string, healcheck: '' | 'disable' = ''): Promise<void> {
    return this.none('POST', `/bricks/to-evict/${id}`, { body: { healcheck }, omitContentType: true });
  }

  logLevelGet(): Promise<LogLevelInfo> {
    return this.json('GET', '/internal/logging');
  }
  logLevelSet(level: string): Promise<LogLevelInfo> {
    return this.json('POST', '/internal/logging', { body: { loglevel: { glusterfs: level } } });
  }

  dbDump(): Promise<string> {
    return this.text('GET', '/db/dump');
  }
  dbCheck(): Promise<string> {
    return this.text('GET', '/db/check');
  }

  stateExamineGluster(): Promise<string> {
    return this.text('GET', '/internal/state/examine/gluster');
  }
  driftReport(): Promise<DriftReport> {
    return this.json('GET', '/internal/state/drift');
  }
  /** Runs the repairs (a queued job) and answers what was planned, what failed, and the drift left. */
  stateRepair(flags: RepairFlags): Promise<RepairResult> {
    return this.json('POST', '/internal/state/repair', {
      body: { delete_missing_volumes: flags.deleteMissing, delete_foreign_volumes: flags.deleteForeign },
    });
  }


  operationsInfo(): Promise<OperationsInfo> {
    return this.json('GET', '/operations');
  }
  pendingOperationsList(): Promise<{ pendingoperations: PendingOperationInfo[] }> {
    return this.json('GET', '/operations/pending');
  }
  pendingOperationDetails(id: string): Promise<PendingOperationDetails> {
    return this.json('GET', `/operations/pending/${id}`);
  }
  pendingOperationsCleanup(ids: string[]): Promise<void> {
    return this.none('POST', '/operations/pending/cleanup', { body: { operations: ids } });
  }

  adminStatusGet(): Promise<AdminStatus> {
    return this.json('GET', '/admin');
  }
  adminStatusSet(state: string): Promise<void> {
    return this.none('POST', '/admin', { body: { state } });
  }
}
