import { checkDump } from '../../services/db-check.js';
import { buildDump } from '../../services/db-dump.js';
import { sendJson } from '../http/reply.js';
import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

/** GET /db/dump, /db/check (indented like Heketi's) and /backup/db (a consistent SQLite copy). */
export function dbRoutes(r: RouteTable, s: AppServices): void {
  r.get('/db/dump', (_req, reply) => sendJson(reply, 200, buildDump(s.store), 4));

  r.get('/db/check', (_req, reply) => sendJson(reply, 200, checkDump(buildDump(s.store)), 4));

  r.get('/backup/db', (_req, reply) => {
    // serialize() copies the database as one consistent image, WAL contents included.
    const image = s.store.db.serialize();
    return reply
      .code(200)
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', 'attachment; filename="heketi.db"')
      .header('Content-Length', String(image.length))
      .send(image);
  });
}
