import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit trail: its id (answered to the client too) and the caller's address. */
export interface RequestMeta {
  requestId: string;
  ip: string;
}

/** The audit facts of a request. */
export function requestMetaOf(request: FastifyRequest): RequestMeta {
  return { requestId: String(request.id), ip: request.ip };
}
