// Sign-in of `auth: oauth` connectors: start it (POST /mcps/mcp/{id}/authorization → the authorization server's
// page), and read what the callback sent back to /mcps (?authorized=<id> or ?authorization_error=<text>).
import { app } from './context.js';

/** Longest error text from the address bar that the page shows (anyone can write a link to /mcps). */
const MAX_RETURNED_TEXT = 300;

/**
 * Asks the service for the sign-in URL and sends the browser there. Only an http(s) URL is followed: the
 * authorization server is named by the MCP server's metadata, and the page must not run a `javascript:` link.
 */
export async function startAuthorization(mcpId) {
  const answer = await app.api.org(app.org).post(`/mcps/mcp/${encodeURIComponent(mcpId)}/authorization`, {});
  let url = null;
  try { url = new URL(answer?.authorization_url); } catch { url = null; }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new Error('The service did not answer with a sign-in address the page can open');
  }
  location.assign(url.href);
}

/**
 * What the sign-in callback put in the address: `{ authorized }`, `{ error, mcpId }` or null. The parameters are removed
 * from the address bar at once, so a reload or a shared link doesn't show the notice again.
 */
export function takeAuthorizationResult() {
  const url = new URL(location.href);
  const authorized = url.searchParams.get('authorized');
  const error = url.searchParams.get('authorization_error');
  if (authorized === null && error === null) return null;
  const mcpId = url.searchParams.get('mcp_id');
  url.searchParams.delete('authorized');
  url.searchParams.delete('authorization_error');
  url.searchParams.delete('mcp_id');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  if (error !== null) {
    // Shown as text (never markup), on one line, cut to a readable length.
    let text = error.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || 'The sign-in did not complete';
    if (text.length > MAX_RETURNED_TEXT) text = `${text.slice(0, MAX_RETURNED_TEXT)}…`;
    return { error: text, mcpId };
  }
  return { authorized };
}

/** How a connector's authorization reads on its row: status word, action and the last attempt. */
export function authorizationView(connector) {
  const a = connector.authorization || {};
  const status = a.status || 'required';
  const lastError = a.last_error || null;
  switch (status) {
    case 'connected':
      return { status, label: 'Connected', badge: 'success', action: null, lastError };
    case 'expired':
      return { status, label: 'Expired', badge: 'warning', action: 'Reconnect', lastError };
    default:
      return { status: 'required', label: 'Not signed in', badge: 'subtle', action: 'Sign in', lastError };
  }
}
