import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, clientErrorCodes, httpClient, onSessionExpired, setCsrfToken } from './http-client';

function stubFetch(response: Response) {
  const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function headersOf(fetchMock: ReturnType<typeof stubFetch>): Record<string, string> {
  return fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('httpClient', () => {
  it('sends the CSRF token on non-GET requests only, with same-origin credentials and a JSON body', async () => {
    setCsrfToken('token-1');
    const post = stubFetch(new Response(JSON.stringify({ ok: true }), { status: 200 }));
    await httpClient.post('/api/things', { name: '测试' });
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: '{"name":"测试"}',
    });
    expect(headersOf(post)).toMatchObject({ 'x-csrf-token': 'token-1', 'content-type': 'application/json' });

    const get = stubFetch(new Response(JSON.stringify({ items: [] }), { status: 200 }));
    await httpClient.get('/api/things', { query: { keyword: '软件', page: 2, period: undefined } });
    expect(get.mock.calls[0]?.[0]).toBe('/api/things?keyword=%E8%BD%AF%E4%BB%B6&page=2');
    expect(headersOf(get)['x-csrf-token']).toBeUndefined();
  });

  it('turns a problem+json answer into an ApiError with its detail, request id and invalid params', async () => {
    stubFetch(
      new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'VALIDATION_FAILED',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: '请求内容有误',
          requestId: 'req-42',
          invalidParams: [{ name: 'username', reason: '不能为空' }],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
      ),
    );
    const error = await httpClient.post('/api/session', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: '请求内容有误',
      requestId: 'req-42',
      invalidParams: [{ name: 'username', reason: '不能为空' }],
    });
  });

  it('reports a network failure as an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(httpClient.get('/api/things')).rejects.toMatchObject({
      status: 0,
      code: clientErrorCodes.network,
    });
  });

  it('announces an expired session on 401, unless the caller says 401 is expected', async () => {
    const listener = vi.fn();
    const unsubscribe = onSessionExpired(listener);
    const unauthorized = () =>
      new Response(
        JSON.stringify({ status: 401, code: 'UNAUTHENTICATED', detail: '请先登录', requestId: 'r' }),
        {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        },
      );
    stubFetch(unauthorized());
    await httpClient.get('/api/session', { isSessionExpiryOn401: false }).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();
    stubFetch(unauthorized());
    await httpClient.get('/api/enterprise/tasks').catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('answers undefined for 204', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(httpClient.delete('/api/session')).resolves.toBeUndefined();
  });
});
