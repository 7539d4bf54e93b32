/**
 * Heketi's wire types (pkg/glusterfs/api/types.go) as the client sees them. The client trusts the
 * server's JSON and does not validate it; these types document what the CLI reads.
 */

export type Tags = Record<string, string>;

export interface ClusterInfo {
  id: string;
  nodes: string[];
  volumes: string[];
  block: boolean;
  file: boolean;
  blockvolumes: string[];
}

export interface ClusterFlags {
  block: boolean;
  file: boolean;
}

export interface BrickInfo {
  id: string;
  path: string;
  device: string;
  node: string;
  volume: string;
  size: number;
}

export interface DeviceInfo {
  name: string;
  tags?: Tags;
  storage: { total: number; free: number; used: number };
  id: string;
  paths?: string[];
  pv_uuid?: string;
  state: string;
  bricks: BrickInfo[];
}

export interface HostAddresses {
  manage: string[];
  storage: string[];
}

export interface NodeInfo {
  zone: number;
  hostnames: HostAddresses;
  cluster: string;
  tags?: Tags;
  id: string;
  state: string;
  devices: DeviceInfo[];
}

export interface NodeAddRequest {
  zone: number;
  hostnames: HostAddresses;
  cluster: string;
  tags?: Tags;
}

export interface DeviceAddRequest {
  name: string;
  node: string;
  tags?: Tags;
  destroydata?: boolean;
}

export interface StateRequest {
  state: 'online' | 'offline' | 'failed';
  healcheck?: '' | 'enable' | 'disable';
}

export interface TagsChangeRequest {
  tags: Tags;
  change_type: 'set' | 'update' | 'delete';
}

export interface DurabilityInfo {
  type?: string;
  replicate?: { replica?: number };
  disperse?: { data?: number; redundancy?: number };
}

export interface VolumeCreateRequest {
  size: number;
  clusters?: string[];
  name?: string;
  durability?: DurabilityInfo;
  gid?: number;
  glustervolumeoptions?: string[];
  block?: boolean;
  snapshot?: { enable: boolean; factor: number };
}

export interface VolumeInfo {
  size: number;
  name: string;
  durability: DurabilityInfo;
  gid?: number;
  glustervolumeoptions?: string[];
  block?: boolean;
  snapshot: { enable: boolean; factor: number };
  id: string;
  cluster: string;
  mount: { glusterfs: { hosts: string[]; device: string; options: Record<string, string> } };
  blockinfo: { freesize?: number; reservedsize?: number; blockvolume?: string[]; restriction?: string };
  bricks: BrickInfo[];
}

export interface BlockVolumeCreateRequest {
  size: number;
  clusters?: string[];
  name?: string;
  hacount?: number;
  auth?: boolean;
}

export interface BlockVolumeInfo {
  size: number;
  name: string;
  hacount?: number;
  id: string;
  blockvolume: { hosts: string[]; iqn: string; lun: number; username: string; password: string };
  cluster?: string;
  blockhostingvolume?: string;
  usablesize?: number;
}

export interface OperationsInfo {
  total: number;
  in_flight: number;
  stale: number;
  failed: number;
  new: number;
}

export interface PendingOperationInfo {
  id: string;
  type_name: string;
  status: string;
  sub_status: string;
}

export interface PendingOperationDetails extends PendingOperationInfo {
  changes: { id: string; description: string }[];
}

export interface LogLevelInfo {
  loglevel: Record<string, string>;
}

export interface AdminStatus {
  state: string;
}
