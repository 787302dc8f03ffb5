// The teammate tab's gateway parts: the endpoint an MCP client connects to, and the gateway's recent calls
// (GET /mcps/employee/{id}/calls, newest first, `limit` and a `before` cursor for older ones).
import { html, nothing } from 'lit';
import { LightElement, formatMoment, errorText } from './ui.js';
import { QueryController } from './query.js';
import { app, keys } from './context.js';

const PAGE_SIZE = 20;

/** Outcomes in plain words, and how they look. */
const OUTCOMES = {
  ok: { text: 'Succeeded', badge: 'success' },
  tool_error: { text: 'Tool reported an error', badge: 'warning' },
  failed: { text: 'Failed', badge: 'error' },
  refused: { text: 'Refused', badge: 'error' },
  timeout: { text: 'Timed out', badge: 'error' },
};

export function outcomeText(outcome) {
  return OUTCOMES[outcome]?.text || (outcome ? String(outcome) : 'Unknown');
}

function durationText(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The gateway endpoint of one teammate, as a client outside this page reaches it. */
export function gatewayUrl(org, employeeId) {
  return `${location.origin}/api/organizations/${encodeURIComponent(org)}/mcps/employee/${encodeURIComponent(employeeId)}/mcp`;
}

export class RecentCalls extends LightElement {
  static properties = {
    employeeId: { type: String },
    connectors: { attribute: false },
    oauthMcps: { attribute: false },
    copied: { state: true },
  };

  constructor() {
    super();
    this.connectors = [];
    this.oauthMcps = [];
    this.copied = '';
    this.calls = new QueryController(this, app.queryClient, () => ({
      queryKey: keys.calls(app.org, this.employeeId),
      queryFn: async ({ pageParam }) => {
        const path = pageParam
          || `/mcps/employee/${encodeURIComponent(this.employeeId)}/calls?limit=${PAGE_SIZE}`;
        const { data, next } = await app.api.org(app.org).page(path);
        const items = Array.isArray(data) ? data : (data?.items || data?.calls || []);
        return { items, next: next || this.olderThan(items) };
      },
      initialPageParam: null,
      getNextPageParam: (last) => last.next || undefined,
    }), { infinite: true });
  }

  /** Without a `Link` to the next page, a full page means there may be older calls: ask for those before the last. */
  olderThan(items) {
    if (items.length < PAGE_SIZE) return null;
    const last = items[items.length - 1];
    const cursor = last.id ?? last.started_at;
    return `/mcps/employee/${encodeURIComponent(this.employeeId)}/calls?${new URLSearchParams({ limit: PAGE_SIZE, before: cursor })}`;
  }

  connectorName(call) {
    // Today's name where the connector still exists; else the name it had at the call (the record's toolset).
    if (call.mcp_id) {
      const connector = this.connectors.find((c) => c.id === call.mcp_id);
      if (connector) return connector.name;
    } else if (call.oauth_mcp) {
      const definition = this.oauthMcps.find((m) => m.key === call.oauth_mcp);
      if (definition) return definition.name;
    }
    return call.toolset || call.oauth_mcp || 'Deleted connector';
  }

  async copy() {
    const input = this.querySelector('#gateway-url');
    try {
      await navigator.clipboard.writeText(input.value);
      this.copied = 'Copied';
    } catch {
      // No clipboard access (an insecure origin, or refused): select the text so Ctrl+C copies it.
      input.focus();
      input.select();
      this.copied = 'Selected: press Ctrl+C to copy';
    }
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => { this.copied = ''; }, 4000);
  }

  renderEndpoint() {
    const url = gatewayUrl(app.org, this.employeeId);
    const config = JSON.stringify({ mcpServers: { [this.employeeId]: {
      type: 'http', url, headers: { Authorization: 'Bearer YOUR_TOKEN' } } } }, null, 2);
    return html`
      <section class="card" aria-labelledby="gateway-title">
        <header class="card-header">
          <div>
            <h2 id="gateway-title">Connect an agent</h2>
            <p class="description">One MCP server with this teammate's connectors and the tools chosen above</p>
          </div>
        </header>
        <div class="field">
          <label for="gateway-url">Gateway endpoint (MCP, Streamable HTTP)</label>
          <div class="copy-line">
            <input id="gateway-url" readonly .value=${url} spellcheck="false" aria-describedby="gateway-hint">
            <button type="button" class="btn" id="copy-gateway-url" @click=${() => this.copy()}>Copy</button>
          </div>
          <p class="hint" id="gateway-hint">An MCP client connects here with a bearer token: the agent runtime's, or
            this teammate's own. Calls go through the service, so connector secrets never reach the client, and each
            call shows under Recent calls.</p>
          <p class="copy-status small" role="status" aria-live="polite">${this.copied}</p>
        </div>
        <details class="client-config">
          <summary>MCP client configuration</summary>
          <pre class="code" tabindex="0" aria-label="MCP client configuration">${config}</pre>
        </details>
      </section>`;
  }

  renderCall(call) {
    const outcome = OUTCOMES[call.outcome];
    const connector = this.connectorName(call);
    return html`
      <tr data-call=${call.id || ''} data-outcome=${call.outcome || ''}>
        <td data-label="Time">${formatMoment(call.started_at)}</td>
        <td data-label="Connector"><span class="call-connector">${connector}</span>${call.toolset && call.toolset !== connector
          ? html`<div class="muted small">${call.toolset}</div>` : nothing}</td>
        <td data-label="Tool"><span class="tool-name">${call.tool}</span></td>
        <td data-label="Outcome"><span class="badge ${outcome?.badge || ''} outcome">${outcomeText(call.outcome)}</span></td>
        <td data-label="Duration" class="number">${durationText(call.duration_ms)}</td>
        <td data-label="Error" class="call-error">${call.error ? call.error : html`<span class="muted" aria-label="none">—</span>`}</td>
      </tr>`;
  }

  renderCalls() {
    const result = this.calls.result;
    if (this.calls.isPending) return html`<p class="state" role="status">Loading recent calls…</p>`;
    if (this.calls.error && !this.calls.data) {
      return html`<div class="alert error" role="alert"><p>The recent calls could not be loaded: ${errorText(this.calls.error)}</p>
        <button class="btn small" @click=${() => this.calls.refetch()}>Retry</button></div>`;
    }
    const calls = (this.calls.data?.pages || []).flatMap((p) => p.items);
    if (calls.length === 0) {
      return html`<div class="state empty calls-empty">
        <p class="empty-title">No calls yet</p>
        <p class="muted">Tool calls made through this teammate's gateway endpoint show here.</p></div>`;
    }
    return html`
      <div class="table-wrap">
        <table class="table calls-table">
          <caption class="visually-hidden">Recent tool calls of ${this.employeeId}, newest first</caption>
          <thead><tr>
            <th scope="col">Time</th><th scope="col">Connector</th><th scope="col">Tool</th>
            <th scope="col">Outcome</th><th scope="col" class="number">Duration</th><th scope="col">Error</th>
          </tr></thead>
          <tbody>${calls.map((c) => this.renderCall(c))}</tbody>
        </table>
      </div>
      ${this.calls.error ? html`<p class="alert error" role="alert">Older calls could not be loaded: ${errorText(this.calls.error)}</p>` : nothing}
      ${this.calls.hasNextPage ? html`<p class="more"><button class="btn" id="older-calls"
        ?disabled=${this.calls.isFetchingNextPage} @click=${() => this.calls.fetchNextPage()}>
        ${this.calls.isFetchingNextPage ? 'Loading…' : 'Show older'}</button></p>` : nothing}
      ${result.isFetching && !this.calls.isFetchingNextPage ? html`<span class="visually-hidden" role="status">Refreshing</span>` : nothing}`;
  }

  render() {
    return html`
      <section class="card" aria-labelledby="calls-title">
        <header class="card-header">
          <div>
            <h2 id="calls-title">Recent calls</h2>
            <p class="description">Tool calls through the gateway, newest first</p>
          </div>
          <button class="btn small" id="refresh-calls" ?disabled=${this.calls.result.isFetching}
            @click=${() => this.calls.refetch()}>Refresh</button>
        </header>
        ${this.renderCalls()}
      </section>
      ${this.renderEndpoint()}`;
  }
}
customElements.define('cn-recent-calls', RecentCalls);
