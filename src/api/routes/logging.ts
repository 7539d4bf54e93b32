import { Errors } from '../../domain/errors.js';
import type { HeketiLogLevel } from '../../config/types.js';
import { sendJson } from '../http/reply.js';
import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

const LEVELS: HeketiLogLevel[] = ['none', 'critical', 'error', 'warning', 'info', 'debug'];

/** GET/POST /internal/logging: Heketi's log level, mapped onto the server's logger. */
export function loggingRoutes(r: RouteTable, s: AppServices): void {
  const info = () => ({ loglevel: { glusterfs: s.logLevel.get() } });

  r.get('/internal/logging', (_req, reply) => sendJson(reply, 200, info()));

  r.post('/internal/logging', (req, reply) => {
    const loglevel = parseLogLevels(req.body as string | undefined);
    if (!('glusterfs' in loglevel)) throw Errors.unprocessable('Only "glusterfs" logger may be modified');
    const level = loglevel.glusterfs!;
    if (level !== '') {
      if (!LEVELS.includes(level as HeketiLogLevel)) throw Errors.unprocessable(`invalid log level: ${level}`);
      s.logLevel.set(level as HeketiLogLevel);
    }
    return sendJson(reply, 200, info());
  });
}

function parseLogLevels(raw: string | undefined): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch (e) {
    throw Errors.parseWithDetail(raw === undefined || raw === '' ? 'EOF' : (e as Error).message);
  }
  if (typeof value !== 'object' || value === null) throw Errors.parseWithDetail('json: cannot unmarshal into Go value');
  const entry = Object.entries(value).find(([k]) => k.toLowerCase() === 'loglevel');
  const levels = entry?.[1] ?? {};
  if (typeof levels !== 'object' || levels === null || Object.values(levels).some((v) => typeof v !== 'string')) {
    throw Errors.parseWithDetail('json: cannot unmarshal into Go struct field LogLevelInfo.loglevel');
  }
  return levels as Record<string, string>;
}
