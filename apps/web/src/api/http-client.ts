/**
 * The one HTTP client of the web app. Every request goes through `request`, which sends the session's
 * CSRF token on state-changing methods and turns problem+json answers into an `ApiError`.
 */

export interface InvalidParam {
  name: string;
  reason: string;
}

/** A failed API call: the server's problem+json, or a synthetic one when the network or body failed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly invalidParams?: InvalidParam[];

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    requestId?: string | null;
    invalidParams?: InvalidParam[];
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId ?? null;
    if (init.invalidParams) this.invalidParams = init.invalidParams;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Codes the client itself produces when there is no problem document to read. */
export const clientErrorCodes = {
  network: 'NETWORK_ERROR',
  badResponse: 'BAD_RESPONSE',
} as const;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Whether a 401 means "the session ended" and should send the user to the login page. The session
   * endpoints themselves answer 401 for wrong credentials or no session, which is not an expiry.
   */
  isSessionExpiryOn401?: boolean;
}

/** The interface language, sent as Accept-Language so the server answers its messages in it. */
let requestLanguage: string | null = null;

export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** Keeps the token from the latest session answer; it is sent on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API call answers 401 outside the session endpoints, i.e. the session expired. */
export function onSessionExpired(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

interface ProblemDocument {
  status?: unknown;
  code?: unknown;
  title?: unknown;
  detail?: unknown;
  requestId?: unknown;
  invalidParams?: unknown;
}

function readInvalidParams(value: unknown): InvalidParam[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is { name: unknown; reason: unknown } => typeof item === 'object' && item !== null)
    .map((item) => ({ name: String(item.name), reason: String(item.reason) }));
}

async function toApiError(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('content-type') ?? '';
  const headerRequestId = response.headers.get('x-request-id');
  if (contentType.includes('json')) {
    try {
      const problem = (await response.json()) as ProblemDocument;
      return new ApiError({
        status: typeof problem.status === 'number' ? problem.status : response.status,
        code: typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`,
        detail:
          typeof problem.detail === 'string'
            ? problem.detail
            : typeof problem.title === 'string'
              ? problem.title
              : response.statusText,
        requestId: typeof problem.requestId === 'string' ? problem.requestId : headerRequestId,
        invalidParams: readInvalidParams(problem.invalidParams),
      });
    } catch {
      // Fall through to the generic error below: the body was not the JSON it claimed to be.
    }
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    detail: response.statusText || `HTTP ${response.status}`,
    requestId: headerRequestId,
  });
}

/** Sends one API request and answers the parsed JSON body (`undefined` for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // A FormData body (file uploads) sets its own multipart content type with the boundary.
  const isFormData = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !isFormData) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (requestLanguage) headers['accept-language'] = requestLanguage;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body:
        options.body === undefined
          ? undefined
          : isFormData
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: clientErrorCodes.network, detail: '' });
  }

  if (!response.ok) {
    const apiError = await toApiError(response);
    if (apiError.status === 401 && (options.isSessionExpiryOn401 ?? true)) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw apiError;
  }
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError({ status: response.status, code: clientErrorCodes.badResponse, detail: '' });
  }
}

export const httpClient = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'DELETE' }),
};
