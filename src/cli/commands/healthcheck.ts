/**
 * `heketi-ts healthcheck --config FILE`: the container's HEALTHCHECK. It resolves the port the
 * way `serve` does (heketi.json, then HEKETI_HTTP_PORT), so the check follows the configuration
 * instead of assuming 8080, and asks the server's /healthz on loopback. Exit 0 when it answers
 * 200, else an error (exit 255) saying what it got.
 */
import type { Command } from 'commander';
import { resolveConfig } from '../../config/load-config.js';
import { CliError, type CliIo } from '../context.js';

export function addHealthcheckCommand(root: Command, io: CliIo): void {
  root
    .command('healthcheck')
    .description("Exit 0 when the server configured by --config answers /healthz on loopback (the image's HEALTHCHECK)")
    .option('--config <file>', 'Configuration file (heketi.json) the server runs with')
    .option('--timeout <seconds>', 'How long to wait for the answer', '4')
    .action(async (opts: { config?: string; timeout: string }) => {
      const { config } = resolveConfig({ configFile: opts.config, env: io.env });
      const url = `${config.enableTls ? 'https' : 'http'}://127.0.0.1:${config.port}/healthz`;
      let status: number;
      try {
        // A self-signed certificate is normal on loopback; the check is about liveness, not identity.
        if (config.enableTls) process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
        status = (await fetch(url, { signal: AbortSignal.timeout(Number(opts.timeout) * 1000) })).status;
      } catch (e) {
        throw new CliError(`${url}: ${(e as { cause?: Error }).cause?.message ?? (e as Error).message}`);
      }
      if (status !== 200) throw new CliError(`${url}: HTTP ${status}`);
    });
}
