// The AI teammate's Connectors tab: org connectors and predefined OAuth MCPs with optimistic checkboxes, the tools
// each enabled connector offers (all, or a chosen few), the gateway's recent calls and its endpoint.
import { html, nothing } from 'lit';
import { LightElement, warningIcon, queries, providerName, errorText } from './ui.js';
import { QueryController, runMutation } from './query.js';
import { app, keys } from './context.js';
import { ToolChoice, toolsetsOf, itemKey } from './tool-choice.js';
import './recent-calls.js';

export class TeammatePage extends LightElement {
  static properties = { employeeId: { type: String }, message: { state: true } };

  constructor() {
    super();
    this.message = '';
    this.connectors = new QueryController(this, app.queryClient, () => queries.connectors(app.org));
    this.oauthMcps = new QueryController(this, app.queryClient, () => queries.oauthMcps(app.org));
    this.assignments = new QueryController(this, app.queryClient, () => ({
      queryKey: keys.assignments(app.org, this.employeeId),
      queryFn: () => app.api.org(app.org).get(`/mcps/employee/${encodeURIComponent(this.employeeId)}`),
    }));
    // Live listing of every enabled connector (the tester's fan-out): only asked for when something is enabled.
    this.tools = new QueryController(this, app.queryClient, () => ({
      queryKey: keys.teammateTools(app.org, this.employeeId),
      queryFn: () => app.api.org(app.org).get(`/mcps/employee/${encodeURIComponent(this.employeeId)}/tools`),
      enabled: (this.assignments.data || []).length > 0,
      staleTime: 60_000,
      refetchOnWindowFocus: false,
    }));
    this.toolChoice = new ToolChoice(this, () => this.employeeId, (text) => { this.message = text; });
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Connectors';
  }

  /** Checks or unchecks at once, then asks the server; a refusal puts the box back and says why. */
  toggle(item, enable) {
    const org = app.org;
    const queryKey = keys.assignments(org, this.employeeId);
    const target = item.mcp_id ? { mcp_id: item.mcp_id } : { oauth_mcp: item.oauth_mcp };
    const key = itemKey(target);
    const path = `/mcps/employee/${encodeURIComponent(this.employeeId)}`;
    this.message = '';
    runMutation(app.queryClient, {
      mutationFn: () => (enable
        ? app.api.org(org).post(path, target)
        // The target goes both ways the route accepts: query parameters and a JSON body.
        : app.api.org(org).delete(`${path}?${new URLSearchParams(target)}`, target)),
      onMutate: async () => {
        await app.queryClient.cancelQueries({ queryKey });
        app.queryClient.setQueryData(queryKey, (old = []) => (enable
          ? [...old.filter((a) => itemKey(a) !== key), { ...target, pending: true }]
          : old.filter((a) => itemKey(a) !== key)));
      },
      onError: (error) => {
        // Undo only this item, so other boxes toggled meanwhile keep their state.
        app.queryClient.setQueryData(queryKey, (old = []) => (enable
          ? old.filter((a) => itemKey(a) !== key)
          : [...old, { ...target }]));
        this.message = `Could not ${enable ? 'enable' : 'disable'} ${item.name}: ${errorText(error)}`;
      },
      onSettled: () => {
        app.queryClient.invalidateQueries({ queryKey });
        // Another connector enabled or disabled: the tool listing covers other connectors now.
        app.queryClient.invalidateQueries({ queryKey: keys.teammateTools(org, this.employeeId) });
      },
    }).catch(() => {});
  }

  renderItem(item, assigned, assignments) {
    const key = itemKey(item);
    const assignment = assignments.get(key);
    const id = `assign-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    return html`
      <li class="assign-row" data-key=${key}>
        <input type="checkbox" id=${id} .checked=${assigned.has(key)} aria-describedby="${id}-detail"
          @change=${(e) => this.toggle(item, e.target.checked)}>
        <label for=${id}><span class="name">${item.name}</span></label>
        <span class="badge type-badge">${item.kind === 'oauth' ? 'OAuth' : 'Simple'}</span>
        <span class="muted small detail" id="${id}-detail">${item.detail}</span>
        ${item.missing ? html`<a class="warning-link" href="/integrations"
          aria-label="${providerName(item.provider)} is not connected for you: go to integrations">${warningIcon}</a>` : nothing}
        ${item.signIn ? html`<a class="warning-link" href="/mcps" title="Sign in on the Connectors page"
          aria-label="${item.name} needs a sign-in: sign in on the Connectors page">${warningIcon}</a>` : nothing}
        ${assignment && !assignment.pending ? this.toolChoice.render(item, assignment,
          { pending: this.tools.isPending,
            error: this.tools.error,
            toolsets: toolsetsOf(this.tools.data, assignment) }) : nothing}
      </li>`;
  }

  render() {
    const oauth = this.oauthMcps.data || [];
    const byKey = new Map(oauth.map((m) => [m.key, m]));
    const items = [
      ...oauth.map((m) => ({ kind: 'oauth', oauth_mcp: m.key, name: m.name, provider: m.provider, missing: m.connected === false,
        detail: `${providerName(m.provider)} OAuth · ${(m.toolsets || []).map((t) => t.name).join(', ')}` })),
      ...(this.connectors.data || []).map((c) => {
        const definition = c.type === 'oauth' ? byKey.get(c.oauth_mcp) : null;
        return { kind: c.type, mcp_id: c.id, name: c.name, provider: definition?.provider, missing: definition?.connected === false,
          signIn: c.auth === 'oauth' && c.authorization?.status !== 'connected',
          detail: c.type === 'oauth' ? (definition ? definition.name : c.oauth_mcp) : c.url };
      }),
    ];
    const assignments = new Map((this.assignments.data || []).map((a) => [itemKey(a), a]).filter(([k]) => k));
    const assigned = new Set(assignments.keys());
    const missing = oauth.filter((m) => m.connected === false);
    const loading = this.connectors.isPending || this.oauthMcps.isPending || this.assignments.isPending;
    const error = this.connectors.error || this.oauthMcps.error || this.assignments.error;
    return html`
      <div class="page-header">
        <p class="eyebrow">AI teammate</p>
        <h1 id="teammate-title">${this.employeeId}</h1>
        <nav class="tabs" aria-label="Teammate sections">
          <a href="/teammates/${this.employeeId}/connectors" aria-current="page">Connectors</a>
        </nav>
      </div>
      <section class="card" aria-labelledby="teammate-connectors-title">
        <header class="card-header">
          <div>
            <h2 id="teammate-connectors-title">Connectors</h2>
            <p class="description">Connected systems and services</p>
          </div>
        </header>
        ${missing.length ? html`
          <div class="alert warning" role="note">
            ${warningIcon}
            <p>${missing.map((m) => m.name).join(', ')} ${missing.length === 1 ? 'needs' : 'need'} your
              ${[...new Set(missing.map((m) => providerName(m.provider)))].join(', ')} account connected.
              <a href="/integrations" class="integrations-link">Go to integrations →</a></p>
          </div>` : nothing}
        <p class="alert error" role="alert" ?hidden=${!this.message}>${this.message}</p>
        ${error ? html`<p class="alert error" role="alert">The connectors could not be loaded: ${errorText(error)}</p>` : nothing}
        ${loading ? html`<p class="state" role="status">Loading connectors…</p>`
          : items.length === 0 ? html`
            <div class="state empty">
              <p class="empty-title">No connectors</p>
              <p class="muted">Add connectors in organization settings first: <a href="/mcps">Connectors</a>.</p>
            </div>`
          : html`<ul class="assign-list" aria-label="Connectors for ${this.employeeId}">${items.map((i) => this.renderItem(i, assigned, assignments))}</ul>`}
      </section>
      <cn-recent-calls .employeeId=${this.employeeId} .connectors=${this.connectors.data || []}
        .oauthMcps=${oauth}></cn-recent-calls>`;
  }
}
customElements.define('cn-teammate-page', TeammatePage);
