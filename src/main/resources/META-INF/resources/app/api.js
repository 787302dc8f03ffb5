// HTTP access to the Connectors API: bearer token, JSON in and out, RFC 9457 problems turned into ApiError.

/** A failed API call. `problem` is the application/problem+json body when the server sent one. */
/** How the API shows a secret value (secret/Masked.VALUE); sending it back keeps the stored one. */
export const MASK = '********';

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super((problem && (problem.detail || problem.title)) || fallback || `Request failed (HTTP ${status})`);
    this.status = status;
    this.problem = problem || null;
    this.fieldErrors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
  }
}

/**
 * Creates the API client. `session` gives the current token; `onUnauthorized` runs on a 401 so the page can sign in
 * again.
 */
export function createApi(session, onUnauthorized) {
  async function request(method, url, body, raw = false, extraHeaders = {}) {
    const headers = { Accept: 'application/json, application/problem+json', ...extraHeaders };
    const token = session.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, null, 'The server could not be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      onUnauthorized();
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return raw ? { data, response } : data;
  }

  /** Every page of a list route: follows `Link: <…>; rel="next"` until the last page. */
  async function list(url) {
    const items = [];
    let next = url;
    for (let page = 0; next && page < 100; page++) {
      const { data, response } = await request('GET', next, undefined, true);
      if (Array.isArray(data)) items.push(...data);
      const link = response.headers.get('Link') || '';
      const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
      next = match ? match[1] : null;
    }
    return items;
  }

  /** Routes of one organization: paths are relative to /api/organizations/{orgId}. */
  function org(orgId) {
    const base = `/api/organizations/${encodeURIComponent(orgId)}`;
    return {
      get: (path) => request('GET', base + path),
      /** One row with its version: `{ data, etag }`; send the etag back with `put(path, body, { ifMatch })`. */
      getVersioned: async (path) => {
        const { data, response } = await request('GET', base + path, undefined, true);
        return { data, etag: response.headers.get('ETag') };
      },
      list: (path) => list(base + path),
      /**
       * One page of a list route: `{ data, next }`, `next` being the path (relative to the organization) of the
       * following page from `Link: <…>; rel="next"`, or null.
       */
      page: async (path) => {
        const { data, response } = await request('GET', base + path, undefined, true);
        const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('Link') || '');
        let next = null;
        if (match) {
          const url = new URL(match[1], location.origin);
          next = url.pathname.startsWith(base) ? url.pathname.slice(base.length) + url.search : null;
        }
        return { data, next };
      },
      post: (path, body) => request('POST', base + path, body ?? {}),
      put: (path, body, { ifMatch } = {}) => request('PUT', base + path, body ?? {}, false,
        ifMatch ? { 'If-Match': ifMatch } : {}),
      delete: (path, body) => request('DELETE', base + path, body),
    };
  }

  return { request, list, org };
}

/** Query string from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
}
