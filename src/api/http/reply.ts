import type { FastifyReply } from 'fastify';
import { goJson, JSON_CONTENT_TYPE } from './go-json.js';

/** Sends a JSON body the way Heketi's handlers do (Go encoder, `application/json; charset=UTF-8`). */
export function sendJson(reply: FastifyReply, status: number, body: unknown, indent?: number): FastifyReply {
  return reply.code(status).header('Content-Type', JSON_CONTENT_TYPE).send(goJson(body, indent));
}

/** 202 Accepted with the bare-path queue location Heketi's clients poll. */
export function sendAccepted(reply: FastifyReply, jobId: string): FastifyReply {
  return reply.code(202).header('Location', `/queue/${jobId}`).send();
}
