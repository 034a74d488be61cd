import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, type InvalidParam } from './app-error.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  invalidParams?: InvalidParam[];
}

function send(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'requestId' | 'type'>) {
  const body: Problem = { type: 'about:blank', ...problem, requestId: String(request.id) };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Postgres error codes that mean the database is gone, not that the query was wrong. */
const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
]);

/** Answers every failure as problem+json with the request id; unknown errors are logged and answered as a plain 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | ZodError | Error, request, reply) => {
    if (error instanceof AppError) {
      return send(reply, request, {
        title: error.code,
        status: error.status,
        code: error.code,
        detail: error.message,
        invalidParams: error.invalidParams,
      });
    }
    if (error instanceof ZodError) {
      const invalidParams = error.issues.map((issue) => ({
        name: issue.path.join('.') || '(body)',
        reason: issue.message,
      }));
      return send(reply, request, {
        title: 'VALIDATION_FAILED',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: `请求内容有误：${invalidParams.map((param) => `${param.name} ${param.reason}`).join('；')}`,
        invalidParams,
      });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, request, {
        title: 'PAYLOAD_TOO_LARGE',
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        detail: '提交的内容过大',
      });
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return send(reply, request, {
        title: 'BAD_REQUEST',
        status: fastifyError.statusCode,
        code: 'BAD_REQUEST',
        detail: `请求格式有误：${fastifyError.message}`,
      });
    }
    if (connectionErrorCodes.has(String(fastifyError.code))) {
      request.log.error({ err: error }, 'database unavailable');
      return send(reply, request, {
        title: 'DATABASE_UNAVAILABLE',
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        detail: '数据库暂时不可用，请稍后重试',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, {
      title: 'INTERNAL',
      status: 500,
      code: 'INTERNAL',
      detail: '服务器内部错误，请稍后重试；如持续出现，请联系管理员并提供请求编号',
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, {
      title: 'NOT_FOUND',
      status: 404,
      code: 'NOT_FOUND',
      detail: `接口不存在：${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}
