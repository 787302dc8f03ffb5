// The /variables page: the organization's variables, with the hosts each secret may be sent to.
import { html, nothing } from 'lit';
import { LightElement, formatDate, errorText } from './ui.js';
import { QueryController, MutationController } from './query.js';
import { MASK } from './api.js';
import { app } from './context.js';

const variablesKey = (org) => ['variables', org];

/** Hosts typed one per line or separated by commas or spaces. */
function parseHosts(text) {
  return text.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean);
}

/** Field errors of a problem response, keyed by the field names the form uses. */
function fieldErrors(error) {
  const errors = {};
  for (const e of error?.fieldErrors || []) {
    const field = e.field.startsWith('allowed_hosts') ? 'allowed_hosts' : e.field;
    const text = `${e.field.replace('allowed_hosts', 'Allowed hosts').replace(/^value$/, 'Value').replace(/^name$/, 'Name')} ${e.message}`;
    errors[field] = errors[field] ? `${errors[field]}; ${text}` : text;
  }
  return errors;
}

export class VariablesPage extends LightElement {
  static properties = { dialog: { state: true }, notice: { state: true } };

  constructor() {
    super();
    this.dialog = null;
    this.notice = '';
    this.variables = new QueryController(this, app.queryClient, () => ({
      queryKey: variablesKey(app.org),
      queryFn: async () => (await app.api.org(app.org).get('/variables')) ?? [],
    }));
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Variables';
  }

  renderRow(v) {
    return html`
      <tr data-row="variable" data-name=${v.name}>
        <td data-label="Name"><code class="name">${v.name}</code></td>
        <td data-label="Value" class="value">${v.secret ? html`<span class="muted">${MASK}</span>` : v.value}</td>
        <td data-label="Secret">${v.secret ? html`<span class="badge">Secret</span>` : html`<span class="muted">—</span>`}</td>
        <td data-label="Allowed hosts" class="allowed-hosts">${v.secret
          ? (v.allowed_hosts.length ? v.allowed_hosts.join(', ')
            : html`<span class="badge error">None: edit to list them</span>`)
          : html`<span class="muted">—</span>`}</td>
        <td data-label="Updated">${formatDate(v.updated_at)}</td>
        <td class="actions" data-label="">
          <button class="btn small" aria-label="Edit ${v.name}" @click=${() => { this.dialog = { kind: 'edit', variable: v }; }}>Edit</button>
          <button class="btn small danger-text" aria-label="Delete ${v.name}" @click=${() => { this.dialog = { kind: 'delete', variable: v }; }}>Delete</button>
        </td>
      </tr>`;
  }

  renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    const close = () => { this.dialog = null; };
    if (d.kind === 'delete') {
      return html`<cn-variable-delete-dialog .variable=${d.variable} @cn-close=${close}
        @cn-deleted=${() => { this.notice = `Variable ${d.variable.name} deleted`; }}></cn-variable-delete-dialog>`;
    }
    return html`<cn-variable-dialog .variable=${d.variable} @cn-close=${close}
      @cn-saved=${(e) => { this.notice = `Variable ${e.detail} saved`; }}></cn-variable-dialog>`;
  }

  render() {
    const rows = this.variables.data || [];
    return html`
      <section class="card" aria-labelledby="variables-title">
        <header class="card-header">
          <div>
            <h1 id="variables-title" tabindex="-1">Variables</h1>
            <p class="description">Values filled into connectors' URLs and headers as {{NAME}}. A secret goes only to the hosts it lists.</p>
          </div>
          <button class="btn primary" id="add-variable" @click=${() => { this.dialog = { kind: 'add' }; }}>Add</button>
        </header>
        <p class="notice" role="status" aria-live="polite">${this.notice}</p>
        ${this.variables.error ? html`<p class="alert error" role="alert">The variables could not be loaded: ${errorText(this.variables.error)}</p>` : nothing}
        <div class="table-wrap">
          <table class="table variables-table">
            <caption class="visually-hidden">Variables of organization ${app.org}</caption>
            <thead><tr>
              <th scope="col">Name</th><th scope="col">Value</th><th scope="col">Secret</th>
              <th scope="col">Allowed hosts</th><th scope="col">Updated</th>
              <th scope="col" class="actions-col"><span class="visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody>
              ${this.variables.isPending ? html`<tr><td colspan="6" class="state" role="status">Loading variables…</td></tr>`
                : rows.length === 0 ? html`<tr class="empty"><td colspan="6" class="state"><p class="empty-title">No variables</p></td></tr>`
                : rows.map((v) => this.renderRow(v))}
            </tbody>
          </table>
        </div>
      </section>
      ${this.renderDialog()}`;
  }
}
customElements.define('cn-variables-page', VariablesPage);

/** Add or edit one variable; a secret needs its allowed hosts, and its stored value stays hidden. */
export class VariableDialog extends LightElement {
  static properties = { variable: { attribute: false }, state: { state: true }, errors: { state: true } };

  constructor() {
    super();
    this.errors = {};
    this.save = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, name, body }) => app.api.org(org).put(`/variables/${encodeURIComponent(name)}`, body),
      onSuccess: (_d, { org }) => app.queryClient.invalidateQueries({ queryKey: variablesKey(org) }),
    });
  }

  willUpdate(changed) {
    if (!this.state) {
      const v = this.variable;
      this.state = v
        ? { name: v.name, value: v.secret ? '' : v.value, secret: v.secret, hosts: (v.allowed_hosts || []).join('\n') }
        : { name: '', value: '', secret: false, hosts: '' };
    }
    super.willUpdate?.(changed);
  }

  firstUpdated() { this.querySelector('dialog').showModal(); }

  close() { const dialog = this.querySelector('dialog'); if (dialog?.open) dialog.close(); }

  set(key, value) { this.state = { ...this.state, [key]: value }; }

  validate() {
    const s = this.state;
    const errors = {};
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name)) errors.name = 'Name must start with a letter or _, then letters, digits or _';
    const keeping = this.variable?.secret && s.secret && s.value === '';
    if (!keeping && s.value === '') errors.value = 'Value is required';
    else if (/[\r\n]/.test(s.value)) errors.value = 'A value cannot span lines';
    if (s.secret && parseHosts(s.hosts).length === 0) errors.allowed_hosts = 'List the hosts this secret may be sent to';
    return errors;
  }

  async submit(event) {
    event.preventDefault();
    this.errors = this.validate();
    if (Object.keys(this.errors).length) return;
    const s = this.state;
    const keeping = this.variable?.secret && s.secret && s.value === '';
    const body = { value: keeping ? MASK : s.value, secret: s.secret, allowed_hosts: s.secret ? parseHosts(s.hosts) : [] };
    await this.save.mutate({ org: app.org, name: s.name, body });
    if (this.save.error) {
      const errors = fieldErrors(this.save.error);
      this.errors = Object.keys(errors).length ? errors : { form: errorText(this.save.error) };
      return;
    }
    this.dispatchEvent(new CustomEvent('cn-saved', { detail: s.name, bubbles: true, composed: true }));
    this.close();
  }

  field(id, label, input, hint) {
    const error = this.errors[id];
    return html`<div class="field">
      <label for="variable-${id}">${label}</label>${input}
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id="error-variable-${id}">${error}</p>` : nothing}
    </div>`;
  }

  render() {
    const s = this.state;
    const editing = !!this.variable;
    return html`
      <dialog class="modal" aria-labelledby="variable-title" @close=${() => this.dispatchEvent(new CustomEvent('cn-close', { bubbles: true, composed: true }))}>
        <form @submit=${(e) => this.submit(e)} novalidate>
          <header class="modal-header"><h2 id="variable-title">${editing ? 'Edit Variable' : 'Add Variable'}</h2></header>
          <div class="modal-body">
            ${this.field('name', 'Name', html`<input id="variable-name" .value=${s.name} ?readonly=${editing} autocomplete="off"
              spellcheck="false" placeholder="API_KEY" @input=${(e) => this.set('name', e.target.value)}>`)}
            ${this.field('value', 'Value', html`<input id="variable-value" .value=${s.value} autocomplete="off" spellcheck="false"
              type=${s.secret ? 'password' : 'text'} placeholder=${editing && this.variable.secret ? `${MASK} (unchanged)` : ''}
              @input=${(e) => this.set('value', e.target.value)}>`,
              editing && this.variable.secret ? 'Leave empty to keep the stored value (only for hosts it already had).' : '')}
            <div class="field checkbox">
              <label><input type="checkbox" id="variable-secret" .checked=${s.secret}
                @change=${(e) => this.set('secret', e.target.checked)}> Secret (stored encrypted, never shown)</label>
            </div>
            ${s.secret ? this.field('allowed_hosts', 'Allowed hosts', html`<textarea id="variable-allowed_hosts" rows="3"
              .value=${s.hosts} spellcheck="false" placeholder="mcp.example.com&#10;*.tenant.example.com"
              @input=${(e) => this.set('hosts', e.target.value)}></textarea>`,
              'One per line: host names, IP addresses or *.example.com. The secret is sent to no other server.') : nothing}
            ${this.errors.form ? html`<p class="form-error" role="alert">${this.errors.form}</p>` : nothing}
          </div>
          <footer class="modal-footer">
            <button type="button" class="btn" @click=${() => this.close()}>Cancel</button>
            <button type="submit" class="btn primary" id="save-variable" ?disabled=${this.save.isPending}>${this.save.isPending ? 'Saving…' : 'Save'}</button>
          </footer>
        </form>
      </dialog>`;
  }
}
customElements.define('cn-variable-dialog', VariableDialog);

export class VariableDeleteDialog extends LightElement {
  static properties = { variable: { attribute: false }, error: { state: true } };

  constructor() {
    super();
    this.deletion = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, name }) => app.api.org(org).delete(`/variables/${encodeURIComponent(name)}`),
      onSettled: (_d, _e, { org }) => app.queryClient.invalidateQueries({ queryKey: variablesKey(org) }),
    });
  }

  firstUpdated() { this.querySelector('dialog').showModal(); }

  async confirm() {
    await this.deletion.mutate({ org: app.org, name: this.variable.name });
    if (this.deletion.error) {
      this.error = errorText(this.deletion.error);
      return;
    }
    this.dispatchEvent(new CustomEvent('cn-deleted', { bubbles: true, composed: true }));
    this.querySelector('dialog').close();
  }

  render() {
    return html`
      <dialog class="modal narrow" role="alertdialog" aria-labelledby="variable-delete-title"
        @close=${() => this.dispatchEvent(new CustomEvent('cn-close', { bubbles: true, composed: true }))}>
        <header class="modal-header"><h2 id="variable-delete-title">Delete variable?</h2></header>
        <div class="modal-body">
          <p><strong>${this.variable.name}</strong> will be removed. Connectors that use it stop working until it is added again.</p>
          ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : nothing}
        </div>
        <footer class="modal-footer">
          <button type="button" class="btn" autofocus @click=${() => this.querySelector('dialog').close()}>Cancel</button>
          <button type="button" class="btn danger" id="confirm-delete-variable" ?disabled=${this.deletion.isPending}
            @click=${() => this.confirm()}>${this.deletion.isPending ? 'Deleting…' : 'Delete'}</button>
        </footer>
      </dialog>`;
  }
}
customElements.define('cn-variable-delete-dialog', VariableDeleteDialog);
