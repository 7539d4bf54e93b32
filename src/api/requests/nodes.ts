import { checkTags, checkUuid, type FieldErrors, isHost, MSG, nested, throwIfInvalid } from '../validation.js';

interface NodeAddBody {
  zone: number;
  hostnames: { manage: string[]; storage: string[] };
  cluster: string;
  tags: Record<string, string>;
}

/** NodeAddRequest.Validate (ozzo): zone required and >= 1, hostnames, cluster uuid, tags. */
export function validateNodeAdd(req: NodeAddBody): void {
  const errors: FieldErrors = new Map();
  if (req.zone === 0) errors.set('zone', MSG.blank);
  else if (req.zone < 1) errors.set('zone', MSG.min(1));
  const hostErrors: FieldErrors = new Map();
  for (const kind of ['manage', 'storage'] as const) {
    const names = req.hostnames[kind];
    if (names.length === 0) hostErrors.set(kind, MSG.blank);
    else if (!names.every(isHost)) hostErrors.set(kind, `[${names.join(' ')}] is not a valid ${kind} hostname`);
  }
  // ozzo's Required never finds a struct blank, so an absent `hostnames` is reported through the
  // nested HostAddresses.Validate: `hostnames: (manage: cannot be blank; storage: cannot be blank.)`.
  if (hostErrors.size > 0) errors.set('hostnames', nested(hostErrors));
  const clusterError = checkUuid(req.cluster);
  if (clusterError) errors.set('cluster', clusterError);
  const tagError = checkTags(req.tags);
  if (tagError) errors.set('tags', tagError);
  throwIfInvalid(errors);
}
