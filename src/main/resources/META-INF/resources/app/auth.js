// Sign-in. Production: OIDC authorization code flow with PKCE (public client) against the configured provider.
// Dev mode: a local token from /ui/dev-token. Otherwise: the person pastes a bearer token. The access token lives in
// sessionStorage (this tab only) and is sent as a bearer token to the API.

const TOKEN_KEY = 'connectors.token';
const ORG_KEY = 'connectors.org';
const ID_TOKEN_KEY = 'connectors.id_token';
const FLOW_KEY = 'connectors.oidc.flow';
export const CALLBACK_PATH = '/signin-callback';

/** Payload of a JWT, or null when it is not one. Only read for display and expiry: the server verifies tokens. */
export function decodeJwt(token) {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

function usable(token) {
  if (!token) return false;
  const claims = decodeJwt(token);
  if (!claims) return false;
  // Thirty seconds of margin so a call doesn't start with a token about to lapse.
  return !claims.exp || claims.exp * 1000 > Date.now() + 30_000;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(size = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

async function discovery(authority) {
  const url = authority.replace(/\/+$/, '') + '/.well-known/openid-configuration';
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The identity provider's configuration could not be read (HTTP ${response.status})`);
  return response.json();
}

/** The signed-in person: token, claims, organizations, and the organization the page works on. */
export class Session {
  constructor(config) {
    this.config = config;
    this.claims = null;
  }

  token() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return usable(token) ? token : null;
  }

  get signedIn() { return this.token() !== null; }

  get userId() { return this.claims?.sub ?? ''; }

  /** Organizations listed in the token's organizations claim. */
  get organizations() {
    const value = this.claims?.[this.config.organizations_claim || 'orgs'];
    return Array.isArray(value) ? value.map(String) : (typeof value === 'string' ? [value] : []);
  }

  /** The organization in use: `?org=` if given, else the last one chosen in this tab, else the token's first. */
  get organization() {
    const fromQuery = new URLSearchParams(location.search).get('org');
    if (fromQuery) {
      sessionStorage.setItem(ORG_KEY, fromQuery);
      return fromQuery;
    }
    const chosen = sessionStorage.getItem(ORG_KEY);
    const orgs = this.organizations;
    if (chosen && (orgs.length === 0 || orgs.includes(chosen))) return chosen;
    return orgs[0] ?? null;
  }

  set organization(orgId) {
    sessionStorage.setItem(ORG_KEY, orgId);
  }

  store(token, idToken) {
    sessionStorage.setItem(TOKEN_KEY, token);
    if (idToken) sessionStorage.setItem(ID_TOKEN_KEY, idToken);
    this.claims = decodeJwt(token);
  }

  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    this.claims = null;
  }

  /**
   * Makes sure there is a usable token. Resolves true when signed in, false when the page must ask for a token
   * (mode "token"); in mode "oidc" it may leave the page for the provider and never resolve.
   */
  async ensure() {
    if (location.pathname === CALLBACK_PATH) {
      await this.completeOidc();
    }
    const token = this.token();
    if (token) {
      this.claims = decodeJwt(token);
      return true;
    }
    switch (this.config.sign_in) {
      case 'dev': {
        const response = await fetch('/ui/dev-token', { method: 'POST' });
        if (!response.ok) throw new Error(`The dev token could not be fetched (HTTP ${response.status})`);
        const body = await response.json();
        this.store(body.access_token);
        return true;
      }
      case 'oidc':
        await this.startOidc();
        return new Promise(() => {});
      default:
        return false;
    }
  }

  async startOidc() {
    const oidc = this.config.oidc;
    const provider = await discovery(oidc.authority);
    const verifier = randomString(48);
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const state = randomString(16);
    const nonce = randomString(16);
    const returnTo = location.pathname === CALLBACK_PATH ? '/mcps' : location.pathname + location.search;
    sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state, nonce, returnTo }));
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: oidc.client_id,
      redirect_uri: location.origin + CALLBACK_PATH,
      scope: oidc.scopes || 'openid',
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    for (const [k, v] of new URLSearchParams(oidc.extra_parameters || '')) params.set(k, v);
    location.assign(`${provider.authorization_endpoint}?${params}`);
  }

  async completeOidc() {
    const params = new URLSearchParams(location.search);
    const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) || 'null');
    sessionStorage.removeItem(FLOW_KEY);
    if (params.get('error')) {
      throw new Error(`Sign-in failed: ${params.get('error_description') || params.get('error')}`);
    }
    if (!flow || params.get('state') !== flow.state || !params.get('code')) {
      throw new Error('Sign-in failed: the answer from the identity provider does not match this sign-in. Try again.');
    }
    const oidc = this.config.oidc;
    const provider = await discovery(oidc.authority);
    const response = await fetch(provider.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: location.origin + CALLBACK_PATH,
        client_id: oidc.client_id,
        code_verifier: flow.verifier,
      }),
    });
    if (!response.ok) throw new Error(`Sign-in failed: the identity provider refused the code (HTTP ${response.status})`);
    const tokens = await response.json();
    // The nonce ties the identity token to this sign-in (no replayed or injected code): it is required, not
    // checked only when the provider happens to send it. The token came straight from the token endpoint over TLS.
    const idClaims = tokens.id_token ? decodeJwt(tokens.id_token) : null;
    if (!idClaims) {
      throw new Error('Sign-in failed: the identity provider sent no identity token. Try again.');
    }
    if (typeof idClaims.nonce !== 'string' || idClaims.nonce !== flow.nonce) {
      throw new Error('Sign-in failed: the identity token was not issued for this sign-in (nonce missing or wrong). Try again.');
    }
    this.store(tokens.access_token, tokens.id_token);
    history.replaceState(null, '', flow.returnTo || '/mcps');
  }

  /** Signs out of this page; with OIDC, also at the provider when it offers an end-session endpoint. */
  async signOut() {
    const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
    this.clear();
    sessionStorage.removeItem(ID_TOKEN_KEY);
    sessionStorage.removeItem(ORG_KEY);
    if (this.config.sign_in === 'oidc') {
      try {
        const provider = await discovery(this.config.oidc.authority);
        if (provider.end_session_endpoint) {
          const params = new URLSearchParams({ post_logout_redirect_uri: location.origin + '/mcps', client_id: this.config.oidc.client_id });
          if (idToken) params.set('id_token_hint', idToken);
          location.assign(`${provider.end_session_endpoint}?${params}`);
          return;
        }
      } catch { /* fall through to a local sign-out */ }
    }
    location.assign('/mcps');
  }
}

export async function loadConfig() {
  const response = await fetch('/ui/config');
  if (!response.ok) throw new Error(`The page configuration could not be read (HTTP ${response.status})`);
  return response.json();
}
