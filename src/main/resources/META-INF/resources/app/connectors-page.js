// The /mcps page: the organization's connectors, predefined OAuth MCPs on top, row and bulk actions.
import { html, nothing } from 'lit';
import { LightElement, formatDate, warningIcon, queries, providerName, errorText } from './ui.js';
import { QueryController } from './query.js';
import { app } from './context.js';
import { startAuthorization, takeAuthorizationResult, authorizationView } from './authorization.js';
import './dialogs.js';

export class ConnectorsPage extends LightElement {
  static properties = {
    selected: { state: true }, dialog: { state: true }, notice: { state: true }, problem: { state: true },
    signingIn: { state: true }, returned: { state: true },
  };

  constructor() {
    super();
    this.selected = new Set();
    this.dialog = null;
    this.notice = '';
    this.problem = '';
    this.signingIn = null;
    // Back from an OAuth sign-in: the callback's answer is in the address (and is removed from it at once).
    this.returned = takeAuthorizationResult();
    this.connectors = new QueryController(this, app.queryClient, () => queries.connectors(app.org));
    this.oauthMcps = new QueryController(this, app.queryClient, () => queries.oauthMcps(app.org));
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Connectors';
  }

  open(dialog) {
    this.returnFocus = document.activeElement;
    this.dialog = dialog;
  }

  closed() {
    this.dialog = null;
    const target = this.returnFocus;
    this.updateComplete.then(() => {
      if (target && target.isConnected) target.focus();
      else this.querySelector('#connectors-title')?.focus();
    });
  }

  deleted(ids) {
    const next = new Set(this.selected);
    ids.forEach((id) => next.delete(id));
    this.selected = next;
    if (ids.length) this.notice = ids.length === 1 ? 'Connector deleted' : `${ids.length} connectors deleted`;
  }

  /** Sign in (or again) to an `auth: oauth` connector: the browser leaves for the authorization server. */
  async signIn(c) {
    this.signingIn = c.id;
    this.problem = '';
    this.returned = null;
    try {
      await startAuthorization(c.id);
    } catch (e) {
      this.problem = `Could not start the sign-in to ${c.name}: ${errorText(e)}`;
      this.signingIn = null;
    }
  }

  /** The notice or error of the sign-in the browser just came back from. */
  renderReturned(rows) {
    const r = this.returned;
    // Once the list is there, so the notice names the connector from the start instead of changing under the reader.
    if (!r || this.connectors.isPending) return nothing;
    if (r.error) {
      const connector = r.mcpId ? rows.find((c) => c.id === r.mcpId) : null;
      return html`<div class="alert error signin-result" role="alert"><p>${connector
        ? `The sign-in to ${connector.name} did not complete.` : 'The sign-in did not complete.'} The server said:
        “<span class="returned-error">${r.error}</span>”</p></div>`;
    }
    const connector = rows.find((c) => c.id === r.authorized);
    return html`<div class="alert success signin-result" role="status"><p>${connector
      ? `Signed in: ${connector.name} is connected.` : 'Signed in.'}</p></div>`;
  }

  renderAuthorization(c) {
    const view = authorizationView(c);
    const shared = c.credential === 'organization';
    const busy = this.signingIn === c.id;
    return html`
      <div class="authorization" data-status=${view.status}>
        <span class="badge ${view.badge} auth-status">${view.label}</span>
        <span class="muted small">${shared ? 'Shared sign-in' : 'Your sign-in'}${shared && c.authorization?.connected_by
          ? ` by ${c.authorization.connected_by}` : ''}</span>
        ${view.action ? html`<button class="btn small primary sign-in" ?disabled=${busy}
            aria-label="${view.action} to ${c.name}" @click=${() => this.signIn(c)}>${busy ? 'Opening…' : view.action}</button>`
          : html`<button class="btn small disconnect" aria-label="Disconnect ${c.name}"
            @click=${() => this.open({ kind: 'disconnect', connector: c })}>Disconnect</button>`}
        ${view.status === 'required' && (c.authorization?.scopes || []).length ? html`<p class="small muted asked-scopes">The
          server asks for: ${c.authorization.scopes.join(' ')}</p>` : nothing}
        ${view.lastError ? html`<p class="small last-attempt">Last attempt failed: ${view.lastError}</p>` : nothing}
      </div>`;
  }

  toggle(id, on) {
    const next = new Set(this.selected);
    if (on) next.add(id); else next.delete(id);
    this.selected = next;
  }

  toggleAll(on, rows) {
    this.selected = on ? new Set(rows.map((r) => r.id)) : new Set();
  }

  oauthByKey() {
    return new Map((this.oauthMcps.data || []).map((m) => [m.key, m]));
  }

  missingIntegration(definition) {
    if (!definition || definition.connected !== false) return nothing;
    const provider = providerName(definition.provider);
    return html`<a class="warning-link" href="/integrations"
      aria-label="${provider} is not connected for you: go to integrations" title="Connect ${provider} in Integrations">${warningIcon}</a>`;
  }

  renderPredefined(m) {
    return html`
      <tr class="predefined" data-row="predefined" data-key=${m.key}>
        <td class="select" data-label=""><span class="visually-hidden">Predefined, not selectable</span></td>
        <th scope="row" data-label="Name"><span class="name">${m.name}</span> <span class="badge subtle">Predefined</span></th>
        <td data-label="Type"><span class="badge type-badge">OAuth</span></td>
        <td data-label="URL / OAuth"><span class="oauth-cell">${providerName(m.provider)} OAuth ${this.missingIntegration(m)}</span>
          <div class="muted small">${(m.toolsets || []).map((t) => t.name).join(', ')}</div></td>
        <td data-label="Headers"><span class="muted">—</span></td>
        <td data-label="Added"><span class="muted">—</span></td>
        <td data-label="Updated"><span class="muted">—</span></td>
        <td class="actions" data-label="">
          <button class="btn small" aria-label="Test ${m.name}" @click=${() => this.open({ kind: 'test', target: { name: m.name, oauth_mcp: m.key } })}>Test</button>
        </td>
      </tr>`;
  }

  renderConnector(c, oauth) {
    const definition = c.type === 'oauth' ? oauth.get(c.oauth_mcp) : null;
    const headerNames = Object.keys(c.headers || {});
    return html`
      <tr data-row="connector" data-id=${c.id} class=${this.selected.has(c.id) ? 'selected' : ''}>
        <td class="select" data-label="">
          <input type="checkbox" .checked=${this.selected.has(c.id)} aria-label="Select ${c.name}"
            @change=${(e) => this.toggle(c.id, e.target.checked)}>
        </td>
        <th scope="row" data-label="Name"><span class="name">${c.name}</span></th>
        <td data-label="Type"><span class="badge type-badge">${c.type === 'oauth' ? 'OAuth' : 'Simple'}</span></td>
        <td data-label="URL / OAuth" class="url-cell">${c.type === 'oauth'
          ? html`<span class="oauth-cell">${definition ? definition.name : c.oauth_mcp} ${this.missingIntegration(definition)}</span>`
          : html`<span class="url" title=${c.url}>${c.url}</span>${c.auth === 'oauth' ? this.renderAuthorization(c) : nothing}`}</td>
        <td data-label="Headers">${c.auth === 'oauth' ? html`<span class="badge subtle">OAuth sign-in</span>` : headerNames.length
          ? html`<ul class="header-names">${headerNames.map((h) => html`<li class="badge subtle" title="Value hidden">${h}</li>`)}</ul>`
          : html`<span class="muted">—</span>`}</td>
        <td data-label="Added">${formatDate(c.created_at)}</td>
        <td data-label="Updated">${formatDate(c.updated_at)}</td>
        <td class="actions" data-label="">
          <button class="btn small" aria-label="Test ${c.name}" @click=${() => this.open({ kind: 'test', target: { name: c.name, mcp_id: c.id } })}>Test</button>
          <button class="btn small" aria-label="Edit ${c.name}" @click=${() => this.open({ kind: 'edit', connector: c })}>Edit</button>
          <button class="btn small danger-text" aria-label="Delete ${c.name}" @click=${() => this.open({ kind: 'delete', connectors: [c] })}>Delete</button>
        </td>
      </tr>`;
  }

  renderBody(rows, oauth) {
    const loading = this.connectors.isPending || this.oauthMcps.isPending;
    if (loading) return html`<tr><td colspan="8" class="state" role="status">Loading connectors…</td></tr>`;
    return html`
      ${(this.oauthMcps.data || []).map((m) => this.renderPredefined(m))}
      ${rows.map((c) => this.renderConnector(c, oauth))}
      ${rows.length === 0 && !this.connectors.error
        ? html`<tr class="empty"><td colspan="8" class="state"><p class="empty-title">No connectors</p>
            <p class="muted">Add an MCP server to make it available to your AI Teammates.</p></td></tr>` : nothing}`;
  }

  renderDialog(rows) {
    const d = this.dialog;
    if (!d) return nothing;
    const close = () => this.closed();
    switch (d.kind) {
      case 'add':
        return html`<cn-connector-form-dialog mode="add" .connectors=${rows} .oauthMcps=${this.oauthMcps.data || []}
          @cn-close=${close} @cn-saved=${() => { this.notice = 'Connector added'; }}></cn-connector-form-dialog>`;
      case 'edit':
        return html`<cn-connector-form-dialog mode="edit" .connector=${d.connector} .connectors=${rows}
          .oauthMcps=${this.oauthMcps.data || []} @cn-close=${close}
          @cn-saved=${() => { this.notice = 'Connector updated'; }}></cn-connector-form-dialog>`;
      case 'test':
        return html`<cn-test-dialog .target=${d.target} @cn-close=${close}
          @cn-sign-in=${(e) => { const c = rows.find((r) => r.id === e.detail); if (c) this.signIn(c); }}></cn-test-dialog>`;
      case 'disconnect':
        return html`<cn-disconnect-dialog .connector=${d.connector} @cn-close=${close}
          @cn-disconnected=${() => { this.notice = `${d.connector.name} disconnected`; }}></cn-disconnect-dialog>`;
      case 'delete':
        return html`<cn-delete-dialog .connectors=${d.connectors} @cn-close=${close}
          @cn-deleted=${(e) => this.deleted(e.detail)}></cn-delete-dialog>`;
      default:
        return nothing;
    }
  }

  render() {
    const rows = this.connectors.data || [];
    const oauth = this.oauthByKey();
    const selectedRows = rows.filter((r) => this.selected.has(r.id));
    const allSelected = rows.length > 0 && selectedRows.length === rows.length;
    const error = this.connectors.error || this.oauthMcps.error;
    return html`
      <section class="card" aria-labelledby="connectors-title">
        <header class="card-header">
          <div>
            <h1 id="connectors-title" tabindex="-1">Connectors</h1>
            <p class="description">Connect external systems and services to your AI Teammates</p>
          </div>
          <button class="btn primary" id="add-connector" @click=${() => this.open({ kind: 'add' })}>Add</button>
        </header>
        <p class="notice" role="status" aria-live="polite">${this.notice}</p>
        ${this.renderReturned(rows)}
        ${this.problem ? html`<p class="alert error" role="alert">${this.problem}</p>` : nothing}
        ${error ? html`<div class="alert error" role="alert">
            <p>The connectors could not be loaded: ${errorText(error)}</p>
            <button class="btn small" @click=${() => { this.connectors.refetch(); this.oauthMcps.refetch(); }}>Retry</button>
          </div>` : nothing}
        <div class="bulk-bar" ?hidden=${selectedRows.length === 0} role="region" aria-label="Bulk actions">
          <span>${selectedRows.length} selected</span>
          <button class="btn small danger" id="bulk-delete" ?disabled=${selectedRows.length === 0}
            @click=${() => this.open({ kind: 'delete', connectors: selectedRows })}>Delete</button>
          <button class="btn small ghost" @click=${() => this.toggleAll(false, rows)}>Clear selection</button>
        </div>
        <div class="table-wrap">
          <table class="table connectors-table">
            <caption class="visually-hidden">Connectors of organization ${app.org}</caption>
            <thead>
              <tr>
                <th class="select" scope="col">
                  <input type="checkbox" id="select-all" aria-label="Select all connectors" .checked=${allSelected}
                    ?disabled=${rows.length === 0} .indeterminate=${selectedRows.length > 0 && !allSelected}
                    @change=${(e) => this.toggleAll(e.target.checked, rows)}>
                </th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">URL / OAuth</th>
                <th scope="col">Headers</th>
                <th scope="col">Added</th>
                <th scope="col">Updated</th>
                <th scope="col" class="actions-col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>${this.renderBody(rows, oauth)}</tbody>
          </table>
        </div>
      </section>
      ${this.renderDialog(rows)}`;
  }
}
customElements.define('cn-connectors-page', ConnectorsPage);
