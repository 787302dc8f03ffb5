// Which tools of an enabled connector a teammate gets: "All tools, new ones included" (the assignment's `tools` is
// null) or the ticked ones (an array of upstream tool names). Ticks show at once; the choice is saved with
// POST /mcps/employee/{id} {mcp_id | oauth_mcp, tools} (200 replaces it), and a refused save puts back what the
// server has.
import { html, nothing } from 'lit';
import { errorText } from './ui.js';
import { app, keys } from './context.js';

/** The identity of an assignable item: an org row by id or a predefined OAuth MCP by key. */
export function itemKey(item) {
  if (item.mcp_id) return `mcp:${item.mcp_id}`;
  if (item.oauth_mcp) return `oauth:${item.oauth_mcp}`;
  return null;
}

/**
 * The toolsets of the teammate's tool listing (`GET …/tools`) that belong to one assignment: by `mcp_id` or
 * `oauth_mcp` where the listing names them, else by name (a connector's name, or "<OAuth MCP> / <toolset>" for a
 * predefined one with several toolsets). Null while there is no listing.
 */
export function toolsetsOf(listing, assignment) {
  if (!listing || !Array.isArray(listing.toolsets)) return null;
  const key = itemKey(assignment);
  return listing.toolsets.filter((t) => {
    const own = itemKey(t);
    if (own) return own === key;
    return assignment.name && (t.name === assignment.name || t.name.startsWith(`${assignment.name} / `));
  });
}

/** Tool names in the order the server lists them, once each. */
function knownTools(toolsets) {
  const names = [];
  for (const t of toolsets) for (const tool of t.tools || []) if (!names.includes(tool.name)) names.push(tool.name);
  return names;
}

/** Keeps a chosen list in the server's order; names the server no longer lists stay, at the end. */
function ordered(chosen, known) {
  const set = new Set(chosen);
  return [...known.filter((n) => set.has(n)), ...chosen.filter((n) => !known.includes(n))];
}

function slug(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * The tool checkboxes of the teammate tab, and their saving. One save per connector at a time: ticks made while a
 * save runs are sent together when it ends (so the server ends with the last choice, whatever order answers come
 * in), and a refused save returns the boxes to the last choice the server confirmed.
 */
export class ToolChoice {
  constructor(host, employeeId, report) {
    this.host = host;
    this.employeeId = employeeId;
    this.report = report;
    /** Per assignment key: the selection the server last confirmed, while a save is under way. */
    this.confirmed = new Map();
    /** Per assignment key: the selection still to send once the running save ends. */
    this.queued = new Map();
    this.running = new Set();
  }

  queryKey() {
    return keys.assignments(app.org, this.employeeId());
  }

  selectionOf(key) {
    const row = (app.queryClient.getQueryData(this.queryKey()) || []).find((a) => itemKey(a) === key);
    return row ? (row.tools ?? null) : null;
  }

  /**
   * Shows the new selection at once and saves it. `change` maps the current selection to the new one; it is applied
   * after a running refetch of the assignments was cancelled (which would otherwise put its old state back), to the
   * selection as it is then, so quick clicks build on each other.
   */
  async choose(item, change) {
    const key = itemKey(item);
    const queryKey = this.queryKey();
    if (!this.confirmed.has(key)) this.confirmed.set(key, this.selectionOf(key));
    await app.queryClient.cancelQueries({ queryKey });
    const tools = change(this.selectionOf(key));
    app.queryClient.setQueryData(queryKey, (old = []) => old.map((a) => (itemKey(a) === key ? { ...a, tools } : a)));
    this.report('');
    this.queued.set(key, { item, tools });
    if (!this.running.has(key)) this.send(key);
  }

  async send(key) {
    const { item, tools } = this.queued.get(key);
    this.queued.delete(key);
    this.running.add(key);
    const org = app.org;
    const target = item.mcp_id ? { mcp_id: item.mcp_id } : { oauth_mcp: item.oauth_mcp };
    try {
      const saved = await app.api.org(org).post(`/mcps/employee/${encodeURIComponent(this.employeeId())}`, { ...target, tools });
      this.confirmed.set(key, saved && 'tools' in saved ? saved.tools : tools);
      if (this.queued.has(key)) {
        this.send(key);
        return;
      }
    } catch (error) {
      this.queued.delete(key);
      const back = this.confirmed.get(key) ?? null;
      app.queryClient.setQueryData(this.queryKey(), (old = []) => old.map((a) => (itemKey(a) === key ? { ...a, tools: back } : a)));
      this.report(`Could not save the tool choice of ${item.name}: ${errorText(error)}`);
    }
    this.running.delete(key);
    this.confirmed.delete(key);
    app.queryClient.invalidateQueries({ queryKey: this.queryKey() });
    this.host.requestUpdate();
  }

  toggleAll(item, known, on) {
    // Off: keep every tool known now, and let new ones stay off from here on.
    this.choose(item, () => (on ? null : [...known]));
  }

  toggleTool(item, known, name, on) {
    this.choose(item, (current) => {
      const base = current === null ? known : current;
      return ordered(on ? [...base.filter((n) => n !== name), name] : base.filter((n) => n !== name), known);
    });
  }

  summary(tools) {
    if (tools === null) return 'All tools, new ones included';
    if (tools.length === 0) return 'No tools';
    return `Only ${tools.join(', ')}`;
  }

  /**
   * The tools part of one enabled connector's row. `listing` is `{ pending, error, toolsets }` for this assignment.
   */
  render(item, assignment, listing) {
    const key = itemKey(item);
    const id = `tools-${slug(key)}`;
    const current = assignment.tools ?? null;
    const toolsets = listing.toolsets || [];
    const failures = toolsets.filter((t) => t.error);
    const known = knownTools(toolsets);
    if (listing.error || (!listing.pending && toolsets.length > 0 && failures.length === toolsets.length)) {
      // Nothing to choose from: say why, and leave the stored choice as it is.
      const reasons = listing.error ? [errorText(listing.error)] : failures.map((t) => t.error);
      return html`
        <div class="tool-choice failed" id=${id} data-state="failed">
          <p class="tools-heading">Tools of ${item.name}</p>
          <p class="alert error tools-error">The tools of ${item.name} could not be listed: ${reasons.join('; ')}</p>
          <p class="muted small tools-summary">Kept as chosen: ${this.summary(current)}</p>
        </div>`;
    }
    if (listing.pending || listing.toolsets === null || toolsets.length === 0) {
      return html`<div class="tool-choice loading" id=${id} data-state="loading">
        <p class="tools-heading">Tools of ${item.name}</p><p class="muted small" role="status">Listing tools…</p></div>`;
    }
    const missing = current === null ? [] : current.filter((n) => !known.includes(n));
    return html`
      <fieldset class="tool-choice" id=${id} data-state="ready" aria-describedby="${id}-hint">
        <legend class="tools-heading">Tools of ${item.name}</legend>
        <div class="tool-option all-tools">
          <input type="checkbox" id="${id}-all" .checked=${current === null}
            @change=${(e) => this.toggleAll(item, known, e.target.checked)}>
          <label for="${id}-all">All tools, new ones included</label>
        </div>
        <p class="hint" id="${id}-hint">${current === null
          ? `${known.length} ${known.length === 1 ? 'tool' : 'tools'} now; tools the server adds later are on too.`
          : `${current.filter((n) => known.includes(n)).length} of ${known.length} on; tools the server adds later stay off.`}</p>
        ${failures.map((t) => html`<p class="alert error tools-error">${t.name}: ${t.error}</p>`)}
        <ul class="tool-options">
          ${known.map((name, index) => {
            const description = toolsets.flatMap((t) => t.tools || []).find((t) => t.name === name)?.description;
            return html`
              <li class="tool-option">
                <input type="checkbox" id="${id}-${index}" data-tool=${name}
                  .checked=${current === null || current.includes(name)}
                  aria-describedby=${description ? `${id}-${index}-description` : nothing}
                  @change=${(e) => this.toggleTool(item, known, name, e.target.checked)}>
                <label for="${id}-${index}" class="tool-name">${name}</label>
                ${description ? html`<span class="muted small tool-description" id="${id}-${index}-description"
                  title=${description}>${description}</span>` : nothing}
              </li>`;
          })}
        </ul>
        ${missing.length ? html`<p class="muted small">Chosen, but not listed by the server now: ${missing.join(', ')}</p>` : nothing}
      </fieldset>`;
  }
}
