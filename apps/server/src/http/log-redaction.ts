import type { FastifyRequest } from 'fastify';

// What the server logs never carries personal information or a secret (issue 22): no ID number, mobile number,
// password, SMS code, captcha answer or token. Request and response bodies are never logged, and headers are
// not either (the request serializer below names what it keeps); what remains are URLs and error messages.
// URLs: the values of the query parameters that may carry one are replaced. Every line, last: an ID number or a
// mobile number that still slipped in (a database error quoting a value, say) is masked as the screens mask it.

/** Query parameters whose values are never logged: numbers, codes and tokens (OIDC's code and state, CAS's ticket). */
const secretParameter =
  /^(mobile|newMobile|phone|idNumber|password|newPassword|smsCode|code|captchaAnswer|state|ticket|token|.*token)$/i;

const redacted = '[redacted]';

/** The URL as logged: the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const [name = '', ...value] = pair.split('=');
      return value.length > 0 && secretParameter.test(decodeURIComponent(name))
        ? `${name}=${redacted}`
        : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

// 18-character resident ID numbers (with a plausible birth date) and mainland mobile numbers, standing alone.
const idNumberPattern =
  /(?<![0-9A-Za-z])(\d{6})(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])(?![0-9A-Za-z])/g;
const mobilePattern = /(?<![0-9A-Za-z])(?:\+?86)?(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])/g;

/** A log line with every ID number and mobile number in it masked (110105********002X, 138****1234). */
export function maskPersonalData(line: string): string {
  return line
    .replace(idNumberPattern, (match, head: string) => `${head}********${match.slice(-4)}`)
    .replace(mobilePattern, (_match, head: string, tail: string) => `${head}****${tail}`);
}

/** The logger options of the server: its request serializer and the last pass over every line. */
export const redactingLoggerOptions = {
  serializers: {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
    }),
  },
  hooks: { streamWrite: maskPersonalData },
};
