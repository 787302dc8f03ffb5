// Boots the page: reads the sign-in configuration, signs in, then renders the view for the current path.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement, errorText } from './ui.js';
import { createApi } from './api.js';
import { createQueryClient } from './query.js';
import { Session, loadConfig } from './auth.js';
import { app } from './context.js';
import { match, navigate, onRouteChange } from './router.js';
import './connectors-page.js';
import './teammate-page.js';
import './integrations-page.js';
import './variables-page.js';

class App extends LightElement {
  static properties = { phase: { state: true }, error: { state: true }, route: { state: true } };

  constructor() {
    super();
    this.phase = 'loading';
    this.error = '';
    this.route = match(location.pathname);
    onRouteChange(() => { this.route = match(location.pathname); });
  }

  connectedCallback() {
    // Drop the server-rendered "Loading…" placeholder before the first render.
    this.replaceChildren();
    super.connectedCallback();
    this.boot();
  }

  async boot() {
    try {
      const config = await loadConfig();
      const session = new Session(config);
      app.session = session;
      app.queryClient = createQueryClient();
      app.api = createApi(session, () => this.unauthorized());
      const signedIn = await session.ensure();
      this.route = match(location.pathname);
      if (location.pathname === '/') navigate('/mcps', { replace: true });
      this.phase = signedIn ? 'ready' : 'sign-in';
    } catch (e) {
      this.error = errorText(e);
      this.phase = 'error';
    }
  }

  /** A 401: the token lapsed or was revoked. Sign in again the way this deployment does. */
  async unauthorized() {
    if (this.reauthenticating) return;
    this.reauthenticating = true;
    app.session.clear();
    app.queryClient.clear();
    try {
      const signedIn = await app.session.ensure();
      this.error = signedIn ? '' : 'Your session has ended. Sign in again.';
      this.phase = signedIn ? 'ready' : 'sign-in';
    } finally {
      this.reauthenticating = false;
    }
  }

  signInWithToken(event) {
    event.preventDefault();
    const token = new FormData(event.target).get('token').trim();
    if (!token) return;
    app.session.store(token);
    if (!app.session.signedIn) {
      this.error = 'That is not a valid, unexpired access token.';
      app.session.clear();
      return;
    }
    this.error = '';
    this.phase = 'ready';
  }

  changeOrganization(orgId) {
    app.session.organization = orgId;
    const url = new URL(location.href);
    url.searchParams.delete('org');
    navigate(url.pathname + url.search, { replace: true });
    this.requestUpdate();
  }

  renderView() {
    if (!app.org) {
      return html`<section class="card"><h1>No organization</h1>
        <p>Your account is not a member of any organization. Open the page with <code>?org=ID</code> or ask an administrator.</p></section>`;
    }
    // Keyed by organization: switching organizations builds the view afresh on the other organization's data.
    switch (this.route.name) {
      case 'connectors': return keyed(app.org, html`<cn-connectors-page></cn-connectors-page>`);
      case 'teammate': return keyed(app.org, html`<cn-teammate-page .employeeId=${this.route.params.employeeId}></cn-teammate-page>`);
      case 'integrations': return keyed(app.org, html`<cn-integrations-page></cn-integrations-page>`);
      case 'variables': return keyed(app.org, html`<cn-variables-page></cn-variables-page>`);
      default: return html`<section class="card"><h1>Page not found</h1><p><a href="/mcps">Go to Connectors</a></p></section>`;
    }
  }

  openTeammate(event) {
    event.preventDefault();
    const id = new FormData(event.target).get('employee').trim();
    if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) navigate(`/teammates/${id}/connectors`);
    else event.target.querySelector('input').setCustomValidity('Use 1 to 64 letters, digits, _ or -');
    event.target.reportValidity();
  }

  renderHeader() {
    const session = app.session;
    const orgs = session?.organizations || [];
    const nav = (href, label, name) => html`<a href=${href} aria-current=${this.route.name === name ? 'page' : nothing}>${label}</a>`;
    return html`
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/mcps">Connectors</a>
        ${this.phase === 'ready' ? html`
          <nav class="main-nav" aria-label="Main">
            ${nav('/mcps', 'Connectors', 'connectors')}
            ${nav('/integrations', 'Integrations', 'integrations')}
            ${nav('/variables', 'Variables', 'variables')}
          </nav>
          <form class="teammate-jump" role="search" aria-label="Open an AI teammate" @submit=${(e) => this.openTeammate(e)}>
            <label for="teammate-id" class="visually-hidden">AI teammate id</label>
            <input id="teammate-id" name="employee" placeholder="AI teammate id" autocomplete="off" size="14"
              @input=${(e) => e.target.setCustomValidity('')}>
            <button class="btn small">Open</button>
          </form>
          <div class="account">
            ${orgs.length > 1 ? html`
              <label for="org-select" class="visually-hidden">Organization</label>
              <select id="org-select" @change=${(e) => this.changeOrganization(e.target.value)}>
                ${orgs.map((o) => html`<option value=${o} ?selected=${o === app.org}>${o}</option>`)}
              </select>` : html`<span class="org" title="Organization">${app.org}</span>`}
            <span class="user muted" title="Signed in as">${session.userId}</span>
            <button class="btn small ghost" @click=${() => session.signOut()}>Sign out</button>
          </div>` : nothing}
      </header>`;
  }

  render() {
    let body;
    switch (this.phase) {
      case 'loading':
        body = html`<p class="state" role="status">Loading…</p>`;
        break;
      case 'error':
        body = html`<section class="card"><h1>Something went wrong</h1><p class="alert error" role="alert">${this.error}</p>
          <p><a href="/mcps" @click=${(e) => { e.preventDefault(); location.assign('/mcps'); }}>Try again</a></p></section>`;
        break;
      case 'sign-in':
        body = html`
          <section class="card narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">Sign in</h1>
            <p class="description">This deployment has no sign-in page configured. Paste an access token for the Connectors API.</p>
            <form @submit=${(e) => this.signInWithToken(e)}>
              <div class="field">
                <label for="token">Access token</label>
                <textarea id="token" name="token" rows="4" required spellcheck="false" autocomplete="off"
                  aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${this.error ? 'token-error' : nothing}></textarea>
                ${this.error ? html`<p class="field-error" id="token-error">${this.error}</p>` : nothing}
              </div>
              <button class="btn primary">Sign in</button>
            </form>
          </section>`;
        break;
      default:
        body = this.renderView();
    }
    return html`${this.renderHeader()}<main id="main" tabindex="-1">${body}</main>`;
  }
}
customElements.define('cn-app', App);
