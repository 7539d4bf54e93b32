/** `serve` (the Heketi server itself) and `token` (mint a request token for curl users). */
import type { Command } from 'commander';
import { signToken } from '../../api/auth/token.js';
import { resolveConfig, SAMPLE_ADMIN_KEY, SAMPLE_USER_KEY } from '../../config/load-config.js';
import { judgeStartUp } from '../../config/start-up-safety.js';
import { limitHeapGrowth } from '../../runtime/heap-growth.js';
import { acquireInstanceLock } from '../../store/instance-lock.js';
import { CliError, intOption, type CliIo } from '../context.js';

interface ServeOptions {
  config?: string;
  disableAuth?: boolean;
  topology?: string;
  demo?: boolean;
}

function describeDefaults(io: CliIo): void {
  io.stderr(
    'No --config given: running on built-in development defaults (mock executor, data/heketi.db, topology.example.json).\n' +
      `Sample JWT keys: admin "${SAMPLE_ADMIN_KEY}", user "${SAMPLE_USER_KEY}". Do not use them in production.\n`,
  );
}

export function addServeCommand(root: Command, io: CliIo): void {
  root
    .command('serve')
    .description('Run the Heketi-compatible REST server')
    .option('--config <file>', 'Configuration file (heketi.json)')
    .option('--disable-auth', 'Disable JWT authorization')
    .option('--topology <file>', 'Topology file to load at start-up')
    .option('--demo', 'Allow the mock executor with the sample keys (env HEKETI_TS_DEMO=1): a demo, not a storage server')
    .action(async (opts: ServeOptions) => {
      const { config, warnings } = resolveConfig({
        configFile: opts.config,
        env: io.env,
        disableAuth: opts.disableAuth === true,
        topologyFile: opts.topology,
      });
      if (opts.config === undefined) describeDefaults(io);
      const demo = opts.demo === true || ['1', 'true'].includes(io.env.HEKETI_TS_DEMO ?? '');
      const verdict = judgeStartUp(config, { fromConfigFile: opts.config !== undefined, demo });
      if (verdict.refusal) throw new CliError(verdict.refusal);
      warnings.push(...verdict.warnings);
      // First the lock, so that a second server on the same database stops at once, before it
      // loads the server or touches anything.
      const lock = acquireInstanceLock(config.glusterfs.db);
      limitHeapGrowth();
      // Loaded on demand so that heketi-cli style commands start without the server's dependencies.
      const { startServer } = await import('../../server.js');
      await startServer(config, warnings, { lock });
    });
}

export function addTokenCommand(root: Command, io: CliIo): void {
  root
    .command('token')
    .description('Print a request token (JWT with qsh) for one method and path; --user admin|user names the issuer')
    .option('--key <secret>', 'Signing secret (default: HEKETI_CLI_KEY)')
    .option('--method <method>', 'HTTP method the token is for', 'GET')
    .option('--path <path>', 'URL path the token is for, without query string')
    .option('--ttl <seconds>', 'Token lifetime in seconds', intOption, 300)
    .action((opts: { key?: string; method: string; path?: string; ttl: number }, cmd: Command) => {
      // --user is the program-wide heketi-cli flag; here it names the token issuer.
      const issuer = cmd.optsWithGlobals<{ user?: string }>().user || io.env.HEKETI_CLI_USER || 'admin';
      const key = opts.key ?? io.env.HEKETI_CLI_KEY;
      if (!key) throw new CliError('Missing --key');
      if (!opts.path) throw new CliError('Missing --path');
      const path = opts.path.split('?')[0]!;
      io.stdout(`${signToken({ issuer, key, method: opts.method.toUpperCase(), path, ttlSeconds: opts.ttl })}\n`);
    });
}
