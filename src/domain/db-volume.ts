/**
 * The volume that holds Heketi's own database in Kubernetes (`heketidbstorage`), as heketi-cli's
 * setup-openshift-heketi-storage creates it (client/cli/go/cmds/heketi_storage.go, pkg/db/dbvolume.go).
 */
export { HEKETI_DB_VOLUME_NAME } from './naming.js';

/** GiB; heketi-cli's HeketiStorageVolumeSize. */
export const HEKETI_DB_VOLUME_SIZE_GIB = 2;

/**
 * Heketi's options for the database volume: the client-side caches off and O_DIRECT honoured, so
 * that what the server writes and syncs is on the bricks, and a restarted server on another node
 * reads what was written; the last one marks the volume as Heketi's.
 */
export const HEKETI_DB_VOLUME_OPTIONS: readonly string[] = [
  'performance.stat-prefetch off',
  'performance.write-behind off',
  'performance.open-behind off',
  'performance.quick-read off',
  'performance.strict-o-direct on',
  'performance.read-ahead off',
  'performance.io-cache off',
  'performance.readdir-ahead off',
  'user.heketi.dbstoragelevel 1',
];

/** Added to user-given options so the volume is still recognisable as the database volume. */
export const HEKETI_DB_VOLUME_CUSTOM_LEVEL = 'user.heketi.dbstoragelevel custom';
