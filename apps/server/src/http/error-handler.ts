import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/database.ts';
import { AppError, type InvalidParam } from './app-error.ts';
import { languageOf, translateMessage } from './message-language.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  invalidParams?: InvalidParam[];
}

/** Zod's own words are English: a value of the wrong kind (`[]` for an object, say) is said in Chinese. */
const wrongKindReasons: Partial<Record<string, string>> = {
  object: '应为 JSON 对象',
  array: '应为数组',
  string: '应为文字',
  number: '应为数字',
  boolean: '应为是或否',
};

function reasonOf(issue: ZodError['issues'][number]): string {
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input')) return issue.message;
  return wrongKindReasons[issue.expected] ?? issue.message;
}

/**
 * Answers a problem in the request's language: messages are written in Chinese, and translated here, once, for a
 * request that asks for English (message-language.ts).
 */
function send(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'requestId' | 'type'>) {
  const language = languageOf(request);
  const body: Problem = {
    type: 'about:blank',
    ...problem,
    detail: translateMessage(problem.detail, language),
    invalidParams: problem.invalidParams?.map((param) => ({
      name: param.name,
      reason: translateMessage(param.reason, language),
    })),
    requestId: String(request.id),
  };
  if (!body.invalidParams) delete body.invalidParams;
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Fastify's own refusals of a malformed request, said in Chinese; anything else keeps Fastify's words. */
const malformedRequestReasons: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，应为 JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的内容类型，请以 JSON 提交',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 Content-Length 不符',
  FST_ERR_BAD_URL: '网址中含有无法解码的字符',
};

/** A request Fastify could not even parse: a 4xx naming the part at fault (the body, or the URL). */
function sendMalformedRequest(reply: FastifyReply, request: FastifyRequest, error: FastifyError) {
  const reason = malformedRequestReasons[error.code] ?? error.message;
  const status = error.statusCode ?? 400;
  return send(reply, request, {
    title: 'BAD_REQUEST',
    status,
    code: 'BAD_REQUEST',
    detail: `请求格式有误：${reason}`,
    invalidParams:
      status === 400 ? [{ name: error.code === 'FST_ERR_BAD_URL' ? '(url)' : '(body)', reason }] : undefined,
  });
}

/**
 * For Fastify's `frameworkErrors` option: a URL that cannot be decoded is refused before routing,
 * outside the error handler, and would otherwise be answered in Fastify's own JSON shape.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return sendMalformedRequest(reply, request, error);
}

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
        reason: reasonOf(issue),
      }));
      // Each reason in the request's language before they are joined, so the detail needs no translating whole.
      const language = languageOf(request);
      const reasons = invalidParams.map(
        (param) => `${param.name} ${translateMessage(param.reason, language)}`,
      );
      return send(reply, request, {
        title: 'VALIDATION_FAILED',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail:
          language === 'en'
            ? `Invalid request: ${reasons.join('; ')}`
            : `请求内容有误：${reasons.join('；')}`,
        invalidParams,
      });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Fastify refuses on the declared Content-Length before reading, or as soon as the stream passes the limit.
      const limitMb = Math.round((request.routeOptions.bodyLimit / 1024 / 1024) * 10) / 10;
      const reason = `提交的内容超过 ${limitMb} MB 的上限，请减少内容或分批提交`;
      return send(reply, request, {
        title: 'PAYLOAD_TOO_LARGE',
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        detail: reason,
        invalidParams: [{ name: '(body)', reason }],
      });
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return sendMalformedRequest(reply, request, fastifyError);
    }
    if (isDatabaseUnavailable(error)) {
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
