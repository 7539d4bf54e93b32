/**
 * `heketi-ts db …`: the offline database tools of Heketi's server binary, run against the
 * database named by the configuration (`glusterfs.db`). The server must not be running on it.
 *
 *   db import --heketi-export FILE   a `heketi db export` JSON into an empty database
 *   db export --jsonfile OUT|-       the same JSON as GET /db/dump; never overwrites OUT
 *   db consistency-check             the GET /db/check report
 *   db restore --from-kube-secret    the backup_db_to_kube_secret image back into a missing db file
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveConfig } from '../../config/load-config.js';
import type { JournalSetting } from '../../store/journal-mode.js';
import type { Store } from '../../store/store.js';
import { CliError, type CliIo } from '../context.js';

interface DbOptions {
  config?: string;
}

interface DatabaseLocation {
  path: string;
  journal: JournalSetting;
}

function databasePath(opts: DbOptions, io: CliIo): DatabaseLocation {
  const { db, dbJournalMode } = resolveConfig({ configFile: opts.config, env: io.env }).config.glusterfs;
  return { path: db, journal: dbJournalMode };
}

/**
 * Opens (and migrates) the database for one command and always closes it. It takes the server
 * lock first, so a tool run against the database of a running server is refused, not interleaved.
 */
async function withStore<T>(location: DatabaseLocation, work: (store: Store) => T): Promise<T> {
  // Loaded on demand so that heketi-cli style commands start without SQLite.
  const { openStore } = await import('../../store/store.js');
  const { acquireInstanceLock } = await import('../../store/instance-lock.js');
  const lock = acquireInstanceLock(location.path);
  try {
    const store = openStore(location.path, { journal: location.journal });
    try {
      return work(store);
    } finally {
      store.close();
    }
  } finally {
    lock.release();
  }
}

async function importCommand(opts: DbOptions & { heketiExport?: string }, io: CliIo): Promise<void> {
  if (!opts.heketiExport) throw new CliError('Missing --heketi-export');
  const { importHeketiExport, parseHeketiExport, ImportError } = await import('../../services/heketi-import.js');
  const { randomIdGen } = await import('../../domain/ids.js');
  const data = parseHeketiExport(readFileSync(opts.heketiExport, 'utf8'));
  const location = databasePath(opts, io);
  const path = location.path;
  try {
    const summary = await withStore(location, (store) => importHeketiExport(store, data, randomIdGen));
    io.stderr(
      `DB imported to ${path} (${summary.clusters} clusters, ${summary.nodes} nodes, ${summary.devices} devices, ` +
        `${summary.volumes} volumes, ${summary.bricks} bricks, ${summary.blockVolumes} block volumes, ` +
        `${summary.pendingOperations} pending operations)\n`,
    );
  } catch (e) {
    if (e instanceof ImportError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}

async function exportCommand(opts: DbOptions & { jsonfile?: string }, io: CliIo): Promise<void> {
  if (!opts.jsonfile) throw new CliError('Missing --jsonfile');
  const { dumpDatabase } = await import('../../services/db-dump.js');
  const text = await withStore(databasePath(opts, io), dumpDatabase);
  if (opts.jsonfile === '-') {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(opts.jsonfile, text, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${opts.jsonfile} file already exists`);
    throw e;
  }
  io.stderr(`DB exported to ${opts.jsonfile}\n`);
}

async function checkCommand(opts: DbOptions, io: CliIo): Promise<void> {
  const { buildDump } = await import('../../services/db-dump.js');
  const { checkDump } = await import('../../services/db-check.js');
  const { goJson } = await import('../../api/http/go-json.js');
  const report = await withStore(databasePath(opts, io), (store) => checkDump(buildDump(store)));
  io.stdout(goJson(report, 4));
}

async function restoreCommand(opts: DbOptions & { fromKubeSecret?: boolean }, io: CliIo): Promise<void> {
  if (!opts.fromKubeSecret) throw new CliError('Missing --from-kube-secret (the only source a restore reads)');
  const { config } = resolveConfig({ configFile: opts.config, env: io.env });
  const { dbBackupSecret } = await import('../../kube/db-backup-secret.js');
  const { restoreDatabase, RestoreError } = await import('../../kube/db-restore.js');
  const secret = await dbBackupSecret(config);
  const path = config.glusterfs.db;
  // Under the server lock, as the other db tools: never while a server starts on this database.
  const { acquireInstanceLock } = await import('../../store/instance-lock.js');
  const lock = acquireInstanceLock(path);
  try {
    const outcome = await restoreDatabase(secret, path);
    if (!outcome.restored) throw new CliError(`${secret.describe}: there is no backup to restore`);
    io.stderr(`DB restored to ${path} from ${secret.describe} (${outcome.bytes} bytes)\n`);
  } catch (e) {
    if (e instanceof RestoreError) throw new CliError(e.message);
    throw e;
  } finally {
    lock.release();
  }
}

/**
 * Adds `db import`, `db export` and `db consistency-check` to the program's `db` command (created
 * here when heketi-cli's `db dump`/`db check` are not registered yet).
 */
export function addDbServerCommands(root: Command, io: CliIo): void {
  const db = root.commands.find((c) => c.name() === 'db') ?? root.command('db').description('Heketi database management');
  db.command('import')
    .description('Import a `heketi db export` JSON file into the (empty) database named by the configuration')
    .option('--heketi-export <file>', 'JSON written by `heketi db export` or `heketi-ts db export`')
    .option('--config <file>', 'Configuration file (heketi.json) naming the database')
    .action((opts: DbOptions & { heketiExport?: string }) => importCommand(opts, io));
  db.command('export')
    .description('Write the database as Heketi export JSON (the same as GET /db/dump)')
    .option('--jsonfile <file>', 'Output file, or - for stdout; an existing file is never overwritten')
    .option('--config <file>', 'Configuration file (heketi.json) naming the database')
    .action((opts: DbOptions & { jsonfile?: string }) => exportCommand(opts, io));
  db.command('restore')
    .description('Write the database named by the configuration from the backup secret (backup_db_to_kube_secret); never overwrites')
    .option('--from-kube-secret', 'Read the backup from the Kubernetes secret (HEKETI_KUBE_DB_SECRET_NAME, default heketi-db-backup)')
    .option('--config <file>', 'Configuration file (heketi.json) naming the database and the Kubernetes connection')
    .action((opts: DbOptions & { fromKubeSecret?: boolean }) => restoreCommand(opts, io));
  db.command('consistency-check')
    .description('Offline: print the consistency report of the database (the same as GET /db/check)')
    .option('--config <file>', 'Configuration file (heketi.json) naming the database')
    .action((opts: DbOptions) => checkCommand(opts, io));
}
