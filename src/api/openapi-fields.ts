/**
 * What the OpenAPI document says about each request field beyond its JSON type: Heketi decodes
 * every body with Go's json.Unmarshal, so every field may be omitted (it is then the Go zero
 * value); `required` marks the fields the validators refuse to leave blank. Bounds and defaults
 * are the ones the validators and Heketi apply. Every field of every request schema is listed
 * here — a test fails when one is not — and the examples together form a body the server accepts
 * (another test sends them).
 */

export interface FieldDoc {
  description: string;
  example: unknown;
  /** The validators answer `<field>: cannot be blank.` without it. */
  required?: boolean;
  minimum?: number;
  maximum?: number;
  /** What Heketi uses when the field is omitted, if that is not simply the zero value. */
  default?: unknown;
  enum?: unknown[];
}

/** An id the example stands for; the example test swaps in an existing one of that kind. */
export const EXAMPLE_IDS = {
  cluster: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  node: '1b2c3d4e5f60718293a4b5c6d7e8f90a',
  operation: '2c3d4e5f60718293a4b5c6d7e8f90a1b',
} as const;

const tags = (what: string): FieldDoc => ({
  description: `Tags of the ${what}: name → value, at most 32. Names: 1–32 letters, digits, \`_\`, \`.\`, \`-\`; values: at most 64 characters.`,
  example: { rack: 'r1' },
});
const healcheck: FieldDoc = {
  description: 'Check brick heal status before the change: `""` (the server default, enable), `enable` or `disable`.',
  example: '',
  enum: ['', 'enable', 'disable'],
};
const clusters: FieldDoc = {
  description: 'Clusters to try, in order; empty means every cluster.',
  example: [],
};

export const FIELD_DOCS: Record<string, Record<string, FieldDoc>> = {
  ClusterCreateRequest: {
    file: { description: 'The cluster may hold file volumes. Omitted means false.', example: true },
    block: { description: 'The cluster may hold block-hosting volumes. Omitted means false.', example: true },
  },
  ClusterSetFlagsRequest: {
    file: { description: 'The cluster may hold file volumes.', example: true },
    block: { description: 'The cluster may hold block-hosting volumes.', example: true },
  },
  NodeAddRequest: {
    zone: { description: 'Failure domain: bricks of one replica set go to different zones when possible.', example: 1, required: true, minimum: 1 },
    hostnames: { description: 'Management (ssh) and storage (gluster peer) addresses; one of each.', example: { manage: ['node1.example.com'], storage: ['192.168.121.11'] }, required: true },
    cluster: { description: 'Id of the cluster the node joins.', example: EXAMPLE_IDS.cluster, required: true },
    tags: tags('node'),
  },
  HostAddresses: {
    manage: { description: 'Host name or IP the server reaches over ssh (exactly one).', example: ['node1.example.com'] },
    storage: { description: 'Host name or IP gluster peers use (exactly one).', example: ['192.168.121.11'] },
  },
  DeviceAddRequest: {
    name: { description: 'Absolute path of the block device on the node; no `..`.', example: '/dev/sdb', required: true },
    node: { description: 'Id of the node that has the device.', example: EXAMPLE_IDS.node, required: true },
    destroydata: { description: 'Wipe existing signatures (wipefs) before use.', example: false },
    tags: tags('device'),
  },
  DeviceDeleteOptions: {
    forceforget: { description: 'Remove the device from the database even if the node cannot be reached.', example: false },
  },
  StateRequest: {
    state: { description: 'New state.', example: 'online', required: true, enum: ['online', 'offline', 'failed'] },
    healcheck,
  },
  TagsChangeRequest: {
    tags: { description: 'Tags to set, add or remove (for `delete`, only the names count).', example: { rack: 'r2' } },
    change_type: { description: '`set` replaces all tags, `update` adds or changes, `delete` removes.', example: 'update', required: true, enum: ['set', 'update', 'delete'] },
  },
  BrickEvictOptions: { healcheck },
  VolumeCreateRequest: {
    size: { description: 'Size in GiB.', example: 10, required: true, minimum: 1 },
    clusters,
    name: { description: 'Gluster volume name; `vol_<id>` when empty. Letters, digits, `_` and `-`, not starting with `-`.', example: 'myvolume' },
    durability: { description: 'Layout of the bricks. Omitted means `none` (distribute only).', example: { type: 'replicate', replicate: { replica: 3 } } },
    gid: { description: 'Group id that owns the volume root (0: root).', example: 0, minimum: 0, maximum: 2147483646 },
    glustervolumeoptions: { description: 'Gluster volume options, each `"<key> <value>"`.', example: ['performance.readdir-ahead on'] },
    block: { description: 'Create a block-hosting volume (for block volumes).', example: false },
    snapshot: { description: 'Thin pool sized for snapshots.', example: { enable: false, factor: 1 } },
  },
  VolumeDurabilityInfo: {
    type: { description: 'Durability type.', example: 'replicate', default: 'none', enum: ['', 'none', 'replicate', 'disperse'] },
    replicate: { description: 'For `replicate`.', example: { replica: 3 } },
    disperse: { description: 'For `disperse`.', example: { data: 4, redundancy: 2 } },
  },
  ReplicaDurability: {
    replica: { description: 'Copies of every file; 0 or omitted means 2.', example: 3, minimum: 0, maximum: 3, default: 2 },
  },
  DisperseDurability: {
    data: { description: 'Data bricks per set; with `redundancy` one of 2+1, 4+2, 8+3, 8+4.', example: 4, enum: [2, 4, 8] },
    redundancy: { description: 'Redundancy bricks per set (see `data`).', example: 2, enum: [1, 2, 3, 4] },
  },
  VolumeSnapshot: {
    enable: { description: 'Reserve thin pool space for snapshots.', example: false },
    factor: { description: 'Thin pool size as a multiple of the volume size (1–100) when enabled.', example: 1, minimum: 1, maximum: 100 },
  },
  VolumeExpandRequest: {
    expand_size: { description: 'GiB to add.', example: 5, required: true, minimum: 1 },
  },
  VolumeCloneRequest: {
    name: { description: 'Name of the clone; generated when empty.', example: 'myclone' },
  },
  VolumeBlockRestrictionRequest: {
    restriction: { description: '`locked` stops new block volumes on this block-hosting volume; `""` unlocks.', example: 'locked', enum: ['', 'locked'] },
  },
  BlockVolumeCreateRequest: {
    size: { description: 'Size in GiB.', example: 1, required: true, minimum: 1 },
    clusters,
    name: { description: 'Block volume name; generated when empty.', example: 'myblock' },
    hacount: { description: 'Number of gateway paths; 0 or omitted means one per node of the hosting volume.', example: 0, minimum: 0 },
    auth: { description: 'Enable CHAP authentication (the credentials are in the answer).', example: false },
  },
  BlockVolumeExpandRequest: {
    new_size: { description: 'New size in GiB (larger than the current one).', example: 2, required: true, minimum: 1 },
  },
  PendingOperationsCleanRequest: {
    operations: { description: 'Ids of pending operations to clean (at most 32); empty means all that are stale or failed.', example: [] },
  },
  StateRepairRequest: {
    delete_missing_volumes: { description: 'heketi-ts: names of volumes gluster lost that the repair may delete with their bricks (otherwise only marked).', example: [] },
    delete_foreign_volumes: { description: 'heketi-ts: names of gluster volumes not made by heketi-ts that the repair may stop and delete (their bricks are left).', example: [] },
  },
  AdminStatus: {
    state: { description: 'Admin mode.', example: 'normal', required: true, enum: ['normal', 'read-only', 'local-client'] },
  },
  LogLevelInfo: {
    loglevel: { description: 'Logger name → level; only `glusterfs` may be changed.', example: { glusterfs: 'info' } },
  },
};

/** Schemas a request body is made of (the ones FIELD_DOCS must cover completely). */
export const REQUEST_SCHEMA_IDS = Object.keys(FIELD_DOCS);

/** How to get a token, for the document's description and the security scheme. */
export const AUTH_DESCRIPTION = [
  'Every path except /hello, /metrics, /healthz, /readyz, /openapi.json and /swagger needs',
  '`Authorization: bearer <JWT>`: HS256, `iss` = `admin` or `user` (which of the two keys signs it),',
  '`iat`, `exp`, and `qsh` = hex SHA-256 of `METHOD&path` — so a token is good for **one method and',
  'one path** (no query string). A `user` token may only call `/volumes`.',
  '',
  'Make one with the server\'s own CLI, then paste it into **Authorize**:',
  '',
  '```',
  'npx heketi-ts token --user admin --key "$ADMIN_KEY" --method POST --path /volumes',
  '```',
  '',
  'Tokens live 300 s by default (`--ttl`). Swagger UI sends the same token on every call, so',
  'authorize again with a new token for another method or path.',
].join('\n');
