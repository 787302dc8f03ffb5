// The dialogs of the Connectors page: Add Connector, Edit Connector, Test Connector and the delete confirmation.
// Each is a native modal <dialog>: it traps focus, closes on Escape and makes the page behind it inert.
import { html, nothing } from 'lit';
import { LightElement, errorText } from './ui.js';
import { MutationController } from './query.js';
import { MASK } from './api.js';
import { app, keys } from './context.js';

let nextId = 1;

/** Base: opens as a modal when connected, tells the page when it closed. */
class ModalElement extends LightElement {
  firstUpdated() {
    this.querySelector('dialog').showModal();
  }

  close() {
    const dialog = this.querySelector('dialog');
    if (dialog?.open) dialog.close();
  }

  onClosed() {
    this.dispatchEvent(new CustomEvent('cn-close', { bubbles: true, composed: true }));
  }
}

/**
 * The origin (scheme://host:port) of a URL as typed. Saved header values are bound to it: when an edit changes it,
 * every value must be entered again (the server checks the same, with variables injected).
 */
export function originOf(url) {
  const text = (url || '').trim();
  try {
    const parsed = new URL(text);
    const port = parsed.port || ({ 'http:': '80', 'https:': '443' }[parsed.protocol] ?? '');
    return `${parsed.protocol}//${parsed.hostname}:${port}`.toLowerCase();
  } catch {
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(text);
    return (match ? match[0] : text).toLowerCase();
  }
}

/** A kept header: one with a saved value that the form leaves unchanged. */
function keptHeader(h, mode) {
  return mode === 'edit' && h.original && h.original === h.key.trim() && h.value === '';
}

const MOVED_HEADER = (key) => `Enter the value of ${key} again: the connector now points to another server`;

/** Client-side checks of the seed: required name, unique against the loaded list, http(s) URL only. */
function validate(state, connectors, currentId, movesServer = false) {
  const errors = {};
  const name = state.name.trim();
  if (!name) errors.name = 'Name is required';
  else if (name.length > 100) errors.name = 'Name must be at most 100 characters';
  else if (connectors.some((c) => c.id !== currentId && c.name.trim() === name)) {
    errors.name = `A connector named "${name}" already exists`;
  }
  if (state.type === 'simple') {
    const url = state.url.trim();
    if (!url) errors.url = 'URL is required';
    else {
      let parsed = null;
      try { parsed = new URL(url); } catch { parsed = null; }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\//i.test(url)) {
        errors.url = 'URL must start with http:// or https://';
      }
    }
    if (state.auth === 'oauth') {
      const client = state.client;
      if (!errors.url && url.includes('{{')) {
        errors.url = 'With Sign in with OAuth the URL can\'t hold {{VARIABLE}} references: it names the server the sign-in is for';
      }
      if (!client.id.trim() && (client.secret || client.scopes.trim())) {
        errors.client_id = 'Client ID is required for a pre-registered client';
      } else if (/[\s]/.test(client.id.trim())) errors.client_id = 'A client ID has no spaces';
    }
    const seen = new Set();
    state.headers.forEach((h) => {
      const key = h.key.trim();
      if (!key) { if (h.value || h.original) errors[`header-${h.id}`] = 'Header name is required'; return; }
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) errors[`header-${h.id}`] = 'Header name may hold letters, digits and - _ . only';
      else if (seen.has(key.toLowerCase())) errors[`header-${h.id}`] = `Header ${key} is listed twice`;
      else if (state.auth === 'oauth' && key.toLowerCase() === 'authorization') {
        errors[`header-${h.id}`] = 'Authorization is sent by the OAuth sign-in: remove this header';
      }
      else if (h.original && h.original !== key && !h.value) errors[`header-${h.id}`] = `Enter the value for ${key}`;
      else if (/[\r\n]/.test(h.value)) errors[`header-${h.id}`] = 'A header value cannot span lines';
      else if (movesServer && keptHeader(h, 'edit')) errors[`header-${h.id}`] = MOVED_HEADER(key);
      seen.add(key.toLowerCase());
    });
  } else if (!state.oauthMcp) {
    errors.oauth_mcp = 'Choose an OAuth connector';
  }
  return errors;
}

/** Request body for create or update. Kept headers are sent as null: the server keeps their stored value. */
function requestBody(state, mode, saved) {
  const body = { name: state.name.trim(), type: state.type };
  if (state.type === 'simple') {
    body.url = state.url.trim();
    if (state.auth === 'oauth') {
      body.auth = 'oauth';
      body.credential = state.credential;
      const client = clientBody(state.client, mode);
      // An object without client_id removes a stored pre-registered client; none stored, none given: leave it out.
      if (client) body.oauth_client = client;
      else if (mode === 'edit' && saved?.oauth_client?.client_id) body.oauth_client = {};
    } else if (mode === 'add' || saved?.auth === 'oauth') {
      body.auth = 'headers';
    }
    const headers = {};
    for (const h of state.headers) {
      const key = h.key.trim();
      if (!key) continue;
      headers[key] = keptHeader(h, mode) ? null : h.value;
    }
    body.headers = headers;
  } else {
    body.oauth_mcp = state.oauthMcp;
  }
  return body;
}

/**
 * The pre-registered client, or null when none is given. A stored secret left empty is sent back as the mask: the
 * server keeps it.
 */
function clientBody(client, mode) {
  const id = client.id.trim();
  if (!id) return null;
  const scopes = client.scopes.split(/[\s,]+/).filter(Boolean);
  let secret = client.secret;
  if (!secret && mode === 'edit' && client.hasSecret && client.originalId === id) secret = MASK;
  return { client_id: id, client_secret: secret || null, scopes: scopes.length ? scopes : null };
}

/**
 * Maps a server problem onto the form: field errors where it names a field (a header's own row for
 * `headers.<Name>`), the detail otherwise.
 */
function serverErrors(error, headers = []) {
  const errors = {};
  if (!error) return errors;
  if (error.status === 409) {
    errors.name = error.message;
    return errors;
  }
  for (const e of error.fieldErrors || []) {
    const path = String(e.field || '');
    const field = path.replace(/^.*\./, '');
    if (['name', 'url', 'oauth_mcp', 'type', 'auth', 'credential'].includes(field)) errors[field] = e.message;
    else if (path.includes('oauth_client')) {
      const clientField = { client_id: 'client_id', client_secret: 'client_secret', scopes: 'scopes' }[field];
      errors[clientField || 'client_id'] = e.message;
    }
    else if (path.startsWith('headers.')) {
      const name = path.slice('headers.'.length).toLowerCase();
      const row = headers.find((h) => h.key.trim().toLowerCase() === name);
      if (row) errors[`header-${row.id}`] = `${row.key.trim()}: ${e.message}`;
      else errors.headers = `${path.slice('headers.'.length)}: ${e.message}`;
    } else if (path.includes('header')) errors.headers = e.message;
  }
  if (Object.keys(errors).length === 0) errors.form = error.message;
  return errors;
}

/** The form's state for a connector (or an empty one): kept header values are empty, their names remembered. */
function formState(c) {
  const client = c?.oauth_client;
  const scopes = client?.scopes;
  return {
    type: c?.type || 'simple',
    name: c?.name || '',
    url: c?.url || '',
    oauthMcp: c?.oauth_mcp || '',
    headers: Object.keys(c?.headers || {}).map((key) => ({ id: nextId++, key, value: '', original: key })),
    auth: c?.auth || 'headers',
    credential: c?.credential || 'user',
    // A stored client secret is never shown: empty means "keep it", like a header value.
    client: {
      id: client?.client_id || '',
      originalId: client?.client_id || '',
      secret: '',
      hasSecret: !!client?.client_secret,
      scopes: Array.isArray(scopes) ? scopes.join(' ') : (scopes || ''),
    },
  };
}

export class ConnectorFormDialog extends ModalElement {
  static properties = {
    mode: { type: String },
    connector: { attribute: false },
    connectors: { attribute: false },
    oauthMcps: { attribute: false },
    state: { state: true },
    errors: { state: true },
    loading: { state: true },
    stale: { state: true },
  };

  constructor() {
    super();
    this.mode = 'add';
    this.connectors = [];
    this.oauthMcps = [];
    this.errors = {};
    this.save = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, id, etag, body }) => (id
        ? app.api.org(org).put(`/mcps/mcp/${encodeURIComponent(id)}`, body, { ifMatch: etag })
        : app.api.org(org).post('/mcps', body)),
      onSuccess: (_data, { org }) => {
        app.queryClient.invalidateQueries({ queryKey: keys.connectors(org) });
        app.queryClient.invalidateQueries({ queryKey: ['assignments', org] });
      },
    });
  }

  willUpdate(changed) {
    if (!this.state) {
      this.state = formState(this.connector);
      this.saved = this.connector || null;
    }
    super.willUpdate?.(changed);
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.mode === 'edit' && this.connector) this.load();
  }

  /**
   * Edit starts from the stored version, not the list's copy: its ETag goes back as If-Match, so a change someone
   * saved meanwhile is never silently overwritten (the server answers 412).
   */
  async load() {
    this.loading = true;
    this.stale = false;
    try {
      const { data, etag } = await app.api.org(app.org).getVersioned(`/mcps/mcp/${encodeURIComponent(this.connector.id)}`);
      this.etag = etag;
      this.saved = data;
      this.state = formState(data);
      this.errors = {};
    } catch (e) {
      this.errors = { form: errorText(e) };
    } finally {
      this.loading = false;
    }
    await this.updateComplete;
    this.querySelector('#field-name')?.focus();
  }

  /** Whether the URL now points to another server than the one the saved header values were given for. */
  movesServer() {
    return this.mode === 'edit' && !!this.saved && this.state.type === 'simple'
      && originOf(this.state.url) !== originOf(this.saved.url || '');
  }

  set(field, value) {
    this.state = { ...this.state, [field]: value };
    if (this.errors[field] || this.errors.form) this.errors = { ...this.errors, [field]: undefined, form: undefined };
  }

  setClient(field, value) {
    this.state = { ...this.state, client: { ...this.state.client, [field]: value } };
    const errorKey = { id: 'client_id', secret: 'client_secret', scopes: 'scopes' }[field];
    if (this.errors[errorKey] || this.errors.form) this.errors = { ...this.errors, [errorKey]: undefined, form: undefined };
  }

  setHeader(id, field, value) {
    this.state = { ...this.state, headers: this.state.headers.map((h) => (h.id === id ? { ...h, [field]: value } : h)) };
    if (this.errors[`header-${id}`]) this.errors = { ...this.errors, [`header-${id}`]: undefined };
  }

  addHeader() {
    const id = nextId++;
    this.state = { ...this.state, headers: [...this.state.headers, { id, key: '', value: '', original: null }] };
    this.updateComplete.then(() => this.querySelector(`#header-key-${id}`)?.focus());
  }

  removeHeader(id) {
    this.state = { ...this.state, headers: this.state.headers.filter((h) => h.id !== id) };
    this.updateComplete.then(() => this.querySelector('#add-header')?.focus());
  }

  async submit(event) {
    event.preventDefault();
    const errors = validate(this.state, this.connectors, this.connector?.id, this.movesServer());
    this.errors = errors;
    if (Object.keys(errors).length) {
      this.updateComplete.then(() => this.querySelector('[aria-invalid="true"]')?.focus());
      return;
    }
    const result = await this.save.mutate({ org: app.org, id: this.connector?.id, etag: this.etag,
      body: requestBody(this.state, this.mode, this.saved) });
    if (this.save.error) {
      this.stale = this.save.error.status === 412;
      this.errors = serverErrors(this.save.error, this.state.headers);
      this.updateComplete.then(() => this.querySelector('[aria-invalid="true"], .form-error')?.focus());
      return;
    }
    this.dispatchEvent(new CustomEvent('cn-saved', { detail: result, bubbles: true, composed: true }));
    this.close();
  }

  field(id, label, value, onInput, { type = 'text', required = false, placeholder = '', autofocus = false, hint = '' } = {}) {
    const error = this.errors[id];
    return html`
      <div class="field">
        <label for="field-${id}">${label}${required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>
        <input id="field-${id}" name=${id} type=${type} .value=${value} ?required=${required} ?autofocus=${autofocus}
          placeholder=${placeholder} autocomplete="off" spellcheck="false"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${[error ? `error-${id}` : '', hint ? `hint-${id}` : ''].filter(Boolean).join(' ') || nothing}
          @input=${(e) => onInput(e.target.value)}>
        ${hint ? html`<p class="hint" id="hint-${id}">${hint}</p>` : nothing}
        ${error ? html`<p class="field-error" id="error-${id}">${error}</p>` : nothing}
      </div>`;
  }

  /** One group of radio buttons: `options` is [[value, label, hint]]. */
  radios(name, legend, value, options, onChange) {
    const error = this.errors[name];
    return html`
      <fieldset class="choice" id="field-${name}" aria-describedby=${error ? `error-${name}` : nothing}>
        <legend>${legend}</legend>
        ${options.map(([v, label, hint]) => html`
          <div class="choice-option">
            <input type="radio" name=${name} id="${name}-${v}" value=${v} .checked=${value === v}
              aria-describedby=${hint ? `${name}-${v}-hint` : nothing} @change=${() => onChange(v)}>
            <label for="${name}-${v}">${label}</label>
            ${hint ? html`<p class="hint" id="${name}-${v}-hint">${hint}</p>` : nothing}
          </div>`)}
        ${error ? html`<p class="field-error" id="error-${name}">${error}</p>` : nothing}
      </fieldset>`;
  }

  renderOAuth() {
    const s = this.state;
    const client = s.client;
    const keptSecret = this.mode === 'edit' && client.hasSecret && client.originalId === client.id.trim();
    const clientError = this.errors.client_id || this.errors.client_secret || this.errors.scopes;
    return html`
      ${this.radios('credential', 'Who signs in', s.credential, [
        ['user', 'Each person signs in', 'Everyone connects their own account; a teammate uses the account of the person who enabled it.'],
        ['organization', 'One shared sign-in for the organization', 'One person signs in once for everybody in the organization.'],
      ], (v) => this.set('credential', v))}
      <details class="oauth-client" ?open=${!!client.originalId || !!clientError}>
        <summary>Pre-registered client <span class="muted">(optional)</span></summary>
        <p class="hint" id="client-hint">Only if the server's operator gave you a client for this service. Without one,
          the service registers itself. Redirect URI to register: <code>${location.origin}/oauth/callback</code></p>
        <div class="client-fields">
          ${this.field('client_id', 'Client ID', client.id, (v) => this.setClient('id', v))}
          <div class="field">
            <label for="field-client_secret">Client secret</label>
            <input id="field-client_secret" name="client_secret" .value=${client.secret} autocomplete="off"
              spellcheck="false" placeholder=${keptSecret ? `${MASK} (unchanged)` : 'None for a public client'}
              aria-invalid=${this.errors.client_secret ? 'true' : 'false'}
              aria-describedby=${[this.errors.client_secret ? 'error-client_secret' : '', keptSecret ? 'hint-client_secret' : ''].filter(Boolean).join(' ') || nothing}
              @input=${(e) => this.setClient('secret', e.target.value)}>
            ${keptSecret ? html`<p class="hint" id="hint-client_secret">Saved value hidden. Leave it empty to keep it.</p>` : nothing}
            ${this.errors.client_secret ? html`<p class="field-error" id="error-client_secret">${this.errors.client_secret}</p>` : nothing}
          </div>
          ${this.field('scopes', 'Scopes', client.scopes, (v) => this.setClient('scopes', v),
            { placeholder: 'read write', hint: 'Separated by spaces. Empty: the scopes the server asks for.' })}
        </div>
      </details>`;
  }

  renderHeaders() {
    const editing = this.mode === 'edit';
    const moved = this.movesServer() && this.state.headers.some((h) => h.original);
    return html`
      <fieldset class="headers">
        <legend>${this.state.auth === 'oauth' ? 'Other headers' : 'Headers'} <span class="muted">(optional)</span></legend>
        ${this.state.auth === 'oauth' ? html`<p class="hint">Sent as well; the sign-in sends Authorization.</p>` : nothing}
        ${editing && this.state.headers.some((h) => h.original) && !moved
          ? html`<p class="hint" id="headers-hint">Saved values are hidden. Leave a value empty to keep it.</p>` : nothing}
        ${moved ? html`<p class="hint warning" id="headers-moved-hint" role="status">The URL now points to another
          server. Saved header values are only sent to the server they were given for: enter each value again.</p>`
          : nothing}
        ${this.state.headers.length === 0 ? html`<p class="muted small">No headers</p>` : nothing}
        <ul class="header-rows">
          ${this.state.headers.map((h, index) => {
            const error = this.errors[`header-${h.id}`];
            const kept = editing && h.original && h.original === h.key.trim();
            const reenter = kept && moved;
            return html`
              <li class="header-row">
                <div class="field">
                  <label for="header-key-${h.id}">Header name ${index + 1}</label>
                  <input id="header-key-${h.id}" class="header-key" .value=${h.key} placeholder="Authorization"
                    autocomplete="off" spellcheck="false" aria-invalid=${error ? 'true' : 'false'}
                    aria-describedby=${error ? `error-header-${h.id}` : nothing}
                    @input=${(e) => this.setHeader(h.id, 'key', e.target.value)}>
                </div>
                <div class="field">
                  <label for="header-value-${h.id}">Value ${index + 1}</label>
                  <input id="header-value-${h.id}" class="header-value" .value=${h.value} ?required=${reenter}
                    placeholder=${reenter ? 'Enter the value again' : kept ? `${MASK} (unchanged)` : 'Value'}
                    autocomplete="off" spellcheck="false" aria-invalid=${error ? 'true' : 'false'}
                    aria-describedby=${[error ? `error-header-${h.id}` : '', reenter ? 'headers-moved-hint' : ''].filter(Boolean).join(' ') || nothing}
                    @input=${(e) => this.setHeader(h.id, 'value', e.target.value)}>
                </div>
                <button type="button" class="btn icon-btn" aria-label="Remove header ${h.key || index + 1}"
                  title="Remove header" @click=${() => this.removeHeader(h.id)}>✕</button>
                ${error ? html`<p class="field-error" id="error-header-${h.id}">${error}</p>` : nothing}
              </li>`;
          })}
        </ul>
        <button type="button" id="add-header" class="btn ghost" @click=${() => this.addHeader()}>+ Add header</button>
        ${this.errors.headers ? html`<p class="field-error">${this.errors.headers}</p>` : nothing}
      </fieldset>`;
  }

  render() {
    const editing = this.mode === 'edit';
    const s = this.state;
    const title = editing ? 'Edit Connector' : 'Add Connector';
    return html`
      <dialog class="modal" aria-labelledby="form-title" aria-describedby="form-description"
        @close=${() => this.onClosed()}>
        <form @submit=${(e) => this.submit(e)} novalidate aria-busy=${this.loading ? 'true' : 'false'}
          ?data-loaded=${!this.loading}>
          <header class="modal-header">
            <h2 id="form-title">${title}</h2>
            <p id="form-description" class="description">${editing
              ? 'Update the connector configuration'
              : 'Register an MCP server by its URL. Header values are stored encrypted.'}</p>
          </header>
          <div class="modal-body" ?inert=${this.loading}>
            ${editing ? html`
              <div class="type-line">
                <span class="badge type-badge">${s.type === 'oauth' ? 'OAuth' : 'Simple (HTTP URL)'}</span>
                <p class="hint">Type cannot be changed. Recreate the connector to switch type.</p>
              </div>` : nothing}
            ${this.field('name', 'Name', s.name, (v) => this.set('name', v), { required: true, autofocus: true, placeholder: 'e.g. Jira' })}
            ${s.type === 'simple' ? html`
              ${this.field('url', 'URL', s.url, (v) => this.set('url', v), { type: 'url', required: true, placeholder: 'https://mcp.example.com/mcp', hint: 'http:// or https:// only. {{VARIABLE}} references are filled in from organization variables.' })}
              ${this.radios('auth', 'Authentication', s.auth, [
                ['headers', 'Headers', 'Static header values, such as an API key.'],
                ['oauth', 'Sign in with OAuth', 'The server signs people in (MCP authorization); the service keeps the tokens.'],
              ], (v) => this.set('auth', v))}
              ${s.auth === 'oauth' ? this.renderOAuth() : nothing}
              ${this.renderHeaders()}` : html`
              <div class="field">
                <label for="field-oauth_mcp">OAuth connector<span class="required" aria-hidden="true"> *</span></label>
                <select id="field-oauth_mcp" .value=${s.oauthMcp} required aria-invalid=${this.errors.oauth_mcp ? 'true' : 'false'}
                  @change=${(e) => this.set('oauthMcp', e.target.value)}>
                  ${this.oauthMcps.map((m) => html`<option value=${m.key} ?selected=${m.key === s.oauthMcp}>${m.name}</option>`)}
                </select>
                ${this.errors.oauth_mcp ? html`<p class="field-error">${this.errors.oauth_mcp}</p>` : nothing}
              </div>`}
            ${this.errors.form ? html`<div class="form-error" role="alert" tabindex="-1"><p>${this.errors.form}</p>
              ${this.stale ? html`<button type="button" class="btn small" id="reload-connector"
                @click=${() => this.load()}>Reload</button>` : nothing}</div>` : nothing}
          </div>
          <footer class="modal-footer">
            <button type="button" class="btn" @click=${() => this.close()}>Cancel</button>
            <button type="submit" class="btn primary" ?disabled=${this.save.isPending || this.loading}>
              ${this.save.isPending ? 'Saving…' : editing ? 'Save' : 'Add'}</button>
          </footer>
        </form>
      </dialog>`;
  }
}
customElements.define('cn-connector-form-dialog', ConnectorFormDialog);

function toolsLabel(n) {
  return `${n} ${n === 1 ? 'tool' : 'tools'}`;
}

/** Test Connector: runs as soon as it opens; shows the result, toolsets, counts and tools. */
export class TestDialog extends ModalElement {
  static properties = { target: { attribute: false } };

  constructor() {
    super();
    this.test = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, body }) => app.api.org(org).post('/mcps/test', body),
    });
  }

  firstUpdated() {
    super.firstUpdated();
    this.run();
  }

  run() {
    const body = this.target.mcp_id ? { mcp_id: this.target.mcp_id } : { oauth_mcp: this.target.oauth_mcp };
    this.test.reset();
    this.test.mutate({ org: app.org, body });
  }

  /** The page starts the sign-in (it leaves for the authorization server). */
  signIn() {
    this.dispatchEvent(new CustomEvent('cn-sign-in', { detail: this.target.mcp_id, bubbles: true, composed: true }));
  }

  renderResult() {
    if (this.test.isPending || (!this.test.data && !this.test.error)) {
      return html`<p class="testing"><span class="spinner" aria-hidden="true"></span> Testing…</p>`;
    }
    if (this.test.error) {
      return html`<p><span class="badge error">Test could not run</span></p>
        <pre class="error-text">${errorText(this.test.error)}</pre>`;
    }
    const r = this.test.data;
    const toolsets = r.toolsets || [];
    return html`
      <p class="result-line">
        ${r.success
          ? html`<span class="badge success">Connected · ${toolsLabel(r.tool_count ?? 0)}</span>`
          : html`<span class="badge error">Failed</span>`}
        ${r.duration_ms != null ? html`<span class="muted small">${r.duration_ms} ms</span>` : nothing}
      </p>
      ${r.error ? html`<pre class="error-text">${r.error}</pre>` : nothing}
      ${r.authorization_required && this.target.mcp_id ? html`
        <div class="alert warning sign-in-needed" role="note">
          <p>This connector needs a sign-in before its tools can be listed.</p>
          <button type="button" class="btn small primary" id="test-sign-in" @click=${() => this.signIn()}>Sign in</button>
        </div>` : nothing}
      ${toolsets.map((t) => html`
        <section class="toolset" aria-label=${`Toolset ${t.name}`}>
          <h3><span class="toolset-name">${t.name}</span> <span class="count">${toolsLabel(t.tool_count ?? (t.tools || []).length)}</span></h3>
          ${t.error && !(toolsets.length === 1 && t.error === r.error) ? html`<pre class="error-text">${t.error}</pre>` : nothing}
          ${(t.tools || []).length ? html`
            <ul class="tools">
              ${t.tools.map((tool) => html`<li class="badge tool" title=${tool.description || ''}>${tool.name}</li>`)}
            </ul>` : nothing}
        </section>`)}`;
  }

  render() {
    return html`
      <dialog class="modal" aria-labelledby="test-title" @close=${() => this.onClosed()}>
        <header class="modal-header">
          <h2 id="test-title">Test Connector</h2>
          <p class="description">${this.target.name}</p>
        </header>
        <div class="modal-body test-result" aria-live="polite" aria-busy=${this.test.isPending ? 'true' : 'false'}>
          ${this.renderResult()}
        </div>
        <footer class="modal-footer">
          <button type="button" class="btn" ?disabled=${this.test.isPending} @click=${() => this.run()}>Test again</button>
          <button type="button" class="btn primary" autofocus @click=${() => this.close()}>Close</button>
        </footer>
      </dialog>`;
  }
}
customElements.define('cn-test-dialog', TestDialog);

/** Delete confirmation for one or many connectors. */
export class DeleteDialog extends ModalElement {
  static properties = { connectors: { attribute: false }, failures: { state: true } };

  constructor() {
    super();
    this.failures = [];
    this.deletion = new MutationController(this, app.queryClient, {
      mutationFn: async ({ org, ids }) => {
        const results = await Promise.allSettled(ids.map((id) => app.api.org(org).delete(`/mcps/mcp/${encodeURIComponent(id)}`)));
        return results.map((r, i) => ({ id: ids[i], error: r.status === 'rejected' ? r.reason : null }));
      },
      onSettled: (_d, _e, { org }) => {
        app.queryClient.invalidateQueries({ queryKey: keys.connectors(org) });
        app.queryClient.invalidateQueries({ queryKey: ['assignments', org] });
      },
    });
  }

  async confirm() {
    const results = await this.deletion.mutate({ org: app.org, ids: this.connectors.map((c) => c.id) });
    const deleted = (results || []).filter((r) => !r.error).map((r) => r.id);
    this.dispatchEvent(new CustomEvent('cn-deleted', { detail: deleted, bubbles: true, composed: true }));
    this.failures = (results || []).filter((r) => r.error)
      .map((r) => `${this.connectors.find((c) => c.id === r.id)?.name}: ${errorText(r.error)}`);
    if (this.failures.length === 0) this.close();
  }

  render() {
    const many = this.connectors.length > 1;
    return html`
      <dialog class="modal narrow" role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-description"
        @close=${() => this.onClosed()}>
        <header class="modal-header">
          <h2 id="delete-title">${many ? `Delete ${this.connectors.length} connectors?` : 'Delete connector?'}</h2>
        </header>
        <div class="modal-body">
          <p id="delete-description">
            ${many ? html`These connectors will be removed:` : html`<strong>${this.connectors[0].name}</strong> will be removed.`}
            Their AI teammates lose access to them. This cannot be undone.</p>
          ${many ? html`<ul class="delete-list">${this.connectors.map((c) => html`<li>${c.name}</li>`)}</ul>` : nothing}
          ${this.failures.length ? html`<div class="form-error" role="alert"><p>Some connectors could not be deleted:</p>
            <ul>${this.failures.map((f) => html`<li>${f}</li>`)}</ul></div>` : nothing}
        </div>
        <footer class="modal-footer">
          <button type="button" class="btn" autofocus @click=${() => this.close()}>Cancel</button>
          <button type="button" class="btn danger" ?disabled=${this.deletion.isPending} @click=${() => this.confirm()}>
            ${this.deletion.isPending ? 'Deleting…' : 'Delete'}</button>
        </footer>
      </dialog>`;
  }
}
customElements.define('cn-delete-dialog', DeleteDialog);

/** Disconnect confirmation: forgets the tokens (the caller's, or the organization's for a shared sign-in). */
export class DisconnectDialog extends ModalElement {
  static properties = { connector: { attribute: false }, failure: { state: true } };

  constructor() {
    super();
    this.failure = '';
    this.disconnect = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, id }) => app.api.org(org).delete(`/mcps/mcp/${encodeURIComponent(id)}/authorization`),
      onSettled: (_d, _e, { org }) => app.queryClient.invalidateQueries({ queryKey: keys.connectors(org) }),
    });
  }

  async confirm() {
    await this.disconnect.mutate({ org: app.org, id: this.connector.id });
    if (this.disconnect.error) {
      this.failure = errorText(this.disconnect.error);
      return;
    }
    this.dispatchEvent(new CustomEvent('cn-disconnected', { bubbles: true, composed: true }));
    this.close();
  }

  render() {
    const c = this.connector;
    const shared = c.credential === 'organization';
    return html`
      <dialog class="modal narrow" role="alertdialog" aria-labelledby="disconnect-title" aria-describedby="disconnect-description"
        @close=${() => this.onClosed()}>
        <header class="modal-header">
          <h2 id="disconnect-title">Disconnect ${c.name}?</h2>
        </header>
        <div class="modal-body">
          <p id="disconnect-description">${shared
            ? 'The shared sign-in of the organization is forgotten: nobody, teammates included, can use this connector until someone signs in again.'
            : 'Your sign-in is forgotten: you, and the teammates you enabled it for, can\'t use this connector until you sign in again.'}</p>
          ${this.failure ? html`<div class="form-error" role="alert"><p>${this.failure}</p></div>` : nothing}
        </div>
        <footer class="modal-footer">
          <button type="button" class="btn" autofocus @click=${() => this.close()}>Cancel</button>
          <button type="button" class="btn danger" id="confirm-disconnect" ?disabled=${this.disconnect.isPending}
            @click=${() => this.confirm()}>${this.disconnect.isPending ? 'Disconnecting…' : 'Disconnect'}</button>
        </footer>
      </dialog>`;
  }
}
customElements.define('cn-disconnect-dialog', DisconnectDialog);
