import type { FastifyReply } from 'fastify';
import type { BodyCache } from './body-cache.js';
import { goJson, JSON_CONTENT_TYPE } from './go-json.js';

/** Sends a JSON body the way Heketi's handlers do (Go encoder, `application/json; charset=UTF-8`). */
export function sendJson(reply: FastifyReply, status: number, body: unknown, indent?: number): FastifyReply {
  return reply.code(status).header('Content-Type', JSON_CONTENT_TYPE).send(goJson(body, indent));
}

/** 200 with a JSON body already written as Go writes it (NodeInfoJson's, or one from the cache). */
export function sendJsonText(reply: FastifyReply, body: string | Buffer): FastifyReply {
  return reply.code(200).header('Content-Type', JSON_CONTENT_TYPE).send(body);
}

/**
 * 200 with a read route's JSON body from the cache, built by `view` on a miss. `key` names the
 * resource (one body per key); an error `view` throws (e.g. 404) is answered and not kept.
 */
export function sendCachedJson(reply: FastifyReply, cache: BodyCache, key: string, view: () => unknown): FastifyReply {
  return sendJsonText(reply, cache.get(key, () => goJson(view())));
}

/**
 * 202 Accepted with the bare-path queue location Heketi's clients poll, once the job has started
 * (a throttled operation may first wait for a slot; its 429 is then answered instead).
 */
export async function sendAccepted(reply: FastifyReply, jobId: string | Promise<string>): Promise<FastifyReply> {
  return reply.code(202).header('Location', `/queue/${await jobId}`).send();
}
