// The /integrations page: the signed-in person's OAuth connections, and which connectors need them.
import { html, nothing } from 'lit';
import { LightElement, formatDate, queries, providerName, errorText } from './ui.js';
import { QueryController, MutationController } from './query.js';
import { app, keys } from './context.js';

export class IntegrationsPage extends LightElement {
  constructor() {
    super();
    this.integrations = new QueryController(this, app.queryClient, () => ({
      queryKey: keys.integrations(app.org),
      queryFn: async () => (await app.api.org(app.org).get('/integrations')) ?? [],
    }));
    this.oauthMcps = new QueryController(this, app.queryClient, () => queries.oauthMcps(app.org));
    this.disconnect = new MutationController(this, app.queryClient, {
      mutationFn: ({ org, provider }) => app.api.org(org).delete(`/integrations/${encodeURIComponent(provider)}`),
      onSettled: (_d, _e, { org }) => {
        app.queryClient.invalidateQueries({ queryKey: keys.integrations(org) });
        app.queryClient.invalidateQueries({ queryKey: keys.oauthMcps(org) });
      },
    });
  }

  connectedCallback() {
    super.connectedCallback();
    document.title = 'Integrations';
  }

  render() {
    const integrations = this.integrations.data || [];
    const oauth = this.oauthMcps.data || [];
    const providers = [...new Set([...oauth.map((m) => m.provider), ...integrations.map((i) => i.provider)])].filter(Boolean);
    const error = this.integrations.error || this.oauthMcps.error || this.disconnect.error;
    return html`
      <section class="card" aria-labelledby="integrations-title">
        <header class="card-header">
          <div>
            <h1 id="integrations-title">Integrations</h1>
            <p class="description">Your connections to external accounts. Predefined OAuth connectors act with them.</p>
          </div>
        </header>
        ${error ? html`<p class="alert error" role="alert">${errorText(error)}</p>` : nothing}
        ${this.integrations.isPending || this.oauthMcps.isPending ? html`<p class="state" role="status">Loading integrations…</p>`
          : providers.length === 0 ? html`<p class="state">No integrations</p>` : html`
          <ul class="integration-list">
            ${providers.map((provider) => {
              const integration = integrations.find((i) => i.provider === provider);
              const connected = integration?.connected === true;
              const users = oauth.filter((m) => m.provider === provider).map((m) => m.name);
              return html`
                <li class="integration" data-provider=${provider}>
                  <div>
                    <h2 class="integration-name">${providerName(provider)}</h2>
                    <p class="muted small">${users.length ? `Needed by ${users.join(', ')}` : ''}</p>
                    ${connected && integration.expires_at ? html`<p class="muted small">Token expires ${formatDate(integration.expires_at)}</p>` : nothing}
                  </div>
                  <span class="badge ${connected ? 'success' : 'error'}">${connected ? 'Connected' : 'Not connected'}</span>
                  ${connected ? html`<button class="btn small" ?disabled=${this.disconnect.isPending}
                    @click=${() => this.disconnect.mutate({ org: app.org, provider })}>Disconnect</button>` : nothing}
                </li>`;
            })}
          </ul>
          <p class="muted small">Connections are made through your organization's sign-in with each provider.</p>`}
      </section>`;
  }
}
customElements.define('cn-integrations-page', IntegrationsPage);
