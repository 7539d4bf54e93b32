/**
 * The server's side of backup_db_to_kube_secret: before the database is opened, restore it from
 * the secret when the file is missing; once the server runs, keep the secret up to date.
 */
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/types.js';
import { watchChanges } from '../store/change-watch.js';
import type { Db } from '../store/db.js';
import { snapshotDatabase } from '../store/snapshot.js';
import { DbBackupToSecret, type DbBackupLog } from './db-backup.js';
import { restoreDatabase } from './db-restore.js';
import type { SecretValue } from './secret-store.js';

/**
 * The backup secret when backups are on (undefined, with a warning, when no Kubernetes API is
 * configured — Heketi silently skipped them then). When the db file is missing and the secret
 * holds a backup, the backup becomes the db, and the warnings say so loudly. A missing file with
 * a backup that cannot be read stops the start: an empty database would be backed up over the
 * last good copy.
 */
export async function prepareDbBackup(config: AppConfig, warnings: string[]): Promise<SecretValue | undefined> {
  if (!config.backupDbToKubeSecret) return undefined;
  let secret: SecretValue;
  try {
    // Loaded here: the Kubernetes client is only needed when backups are on.
    const { dbBackupSecret } = await import('./db-backup-secret.js');
    secret = await dbBackupSecret(config);
  } catch (e) {
    warnings.push(`backup_db_to_kube_secret is on but there is no Kubernetes API to back up to: ${(e as Error).message}`);
    return undefined;
  }
  const path = config.glusterfs.db;
  if (path === ':memory:' || existsSync(path)) return secret;
  const outcome = await restoreDatabase(secret, path).catch((e: unknown) => {
    throw new Error(`${path} is missing and its backup could not be restored: ${(e as Error).message}`);
  });
  if (outcome.restored) {
    warnings.push(
      `DATABASE RESTORED FROM BACKUP: ${path} was missing, so the last backup in ${secret.describe} ` +
        `(${outcome.bytes} bytes) is now the database. Changes made after that backup was written are not in it: ` +
        'compare `heketi-ts topology info` with the cluster.',
    );
  }
  return secret;
}

/** Starts backing up after every change (and once now); the returned function flushes and stops. */
export function startDbBackup(db: Db, secret: SecretValue, log: DbBackupLog): () => Promise<void> {
  const backup = new DbBackupToSecret({ snapshot: () => snapshotDatabase(db), secret, log });
  const stopWatching = watchChanges(db, () => backup.changed());
  backup.changed();
  return async () => {
    stopWatching();
    await backup.flush();
    backup.cancel();
  };
}
