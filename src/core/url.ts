// Joining an endpoint's path: a base URL from a user (a brain endpoint, a Pushgateway) may carry a
// path and a query (Azure's `?api-version=`, an auth proxy's key), and the path goes before the query.

/** `base` with `path` appended to its path, its query kept last; a base that is no URL is joined as text. */
export function withPath(base: string, path: string): string {
  try {
    const u = new URL(base);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/${path}`;
    return u.toString();
  } catch {
    return `${base.replace(/\/+$/, '')}/${path}`;
  }
}
