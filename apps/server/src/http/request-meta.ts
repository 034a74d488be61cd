import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit trail: its id (answered to the client too) and the caller's address. */
export interface RequestMeta {
  requestId: string;
  ip: string;
  /** The caller's browser as it names itself; with the address, a hint of one person filing for many (代报). */
  userAgent?: string;
}

/** The audit facts of a request. */
export function requestMetaOf(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent']?.slice(0, 500);
  return { requestId: String(request.id), ip: request.ip, ...(userAgent ? { userAgent } : {}) };
}
