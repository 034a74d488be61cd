import { AppError } from '../http/app-error.ts';
import type { SmsProvider } from './sms-provider.ts';

const timeoutMs = 10_000;

/**
 * Posts each message as JSON `{ mobile, text }` to the configured gateway (SMS_HTTP_URL), with
 * `Authorization: Bearer SMS_HTTP_TOKEN` when a token is set. Any answer but 2xx counts as not sent.
 */
export function createHttpSmsProvider(options: { url: string; token: string | undefined }): SmsProvider {
  return {
    send: async (message) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      // A resend after a crash carries the same key: a gateway that honours it delivers the text once.
      if (message.idempotencyKey) headers['idempotency-key'] = message.idempotencyKey;
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ mobile: message.mobile, text: message.text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new AppError('SMS_UNAVAILABLE', '短信发送失败（无法连接短信网关），请稍后重试');
      }
      if (!response.ok) {
        throw new AppError('SMS_UNAVAILABLE', `短信发送失败（短信网关返回 ${response.status}），请稍后重试`);
      }
    },
  };
}
