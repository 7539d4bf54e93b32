import { Errors } from '../../domain/errors.js';
import type { AdminState } from '../../config/types.js';
import { sendJson } from '../http/reply.js';
import type { RouteTable } from '../route-table.js';
import type { AppServices } from '../services.js';

const STATES: AdminState[] = ['normal', 'read-only', 'local-client'];

/** GET/POST /admin: the admin mode. Parse errors here are 400 with the decoder's text, as Heketi. */
export function adminRoutes(r: RouteTable, s: AppServices): void {
  r.get('/admin', (_req, reply) => sendJson(reply, 200, { state: s.adminMode.state }));

  r.post('/admin', (req, reply) => {
    const state = parseState(req.body as string | undefined);
    if (state === '') throw Errors.validation('state: cannot be blank.');
    if (!STATES.includes(state as AdminState)) throw Errors.validation('state: must be a valid value.');
    s.adminMode.state = state as AdminState;
    return reply.code(204).send();
  });
}

function parseState(raw: string | undefined): string {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch (e) {
    throw Errors.parseWithDetail(raw === undefined || raw === '' ? 'EOF' : (e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw Errors.parseWithDetail('json: cannot unmarshal into Go value of type admin.AdminStatus');
  }
  const entry = Object.entries(value).find(([k]) => k.toLowerCase() === 'state');
  if (entry === undefined || entry[1] === null) return '';
  if (typeof entry[1] !== 'string') {
    throw Errors.parseWithDetail('json: cannot unmarshal into Go struct field AdminStatus.state of type admin.ServerState');
  }
  return entry[1];
}
