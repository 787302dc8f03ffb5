// Small shared pieces of the views: light-DOM base element, date formatting, icons, data helpers.
import { LitElement, html, svg } from 'lit';
import { app, keys } from './context.js';

/**
 * Views render into the light DOM: one stylesheet styles the whole page, and tests and assistive technology see one
 * document.
 */
export class LightElement extends LitElement {
  createRenderRoot() { return this; }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso) {
  if (!iso) return html`<span class="muted" aria-label="none">—</span>`;
  const date = new Date(iso);
  return html`<time datetime=${iso} title=${date.toISOString()}>${dateFormat.format(date)}</time>`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment to the second (for events such as calls). */
export function formatMoment(iso) {
  if (!iso) return html`<span class="muted" aria-label="none">—</span>`;
  const date = new Date(iso);
  return html`<time datetime=${iso} title=${date.toISOString()}>${timeFormat.format(date)}</time>`;
}

export const warningIcon = svg`<svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2 1 21h22L12 2zm0 4.5 7.5 13h-15L12 6.5zM11 10v4h2v-4h-2zm0 6v2h2v-2h-2z"/></svg>`;

/** Query options for the shared lists. */
export const queries = {
  connectors: (org) => ({
    queryKey: keys.connectors(org),
    queryFn: () => app.api.org(org).list('/mcps'),
  }),
  oauthMcps: (org) => ({
    queryKey: keys.oauthMcps(org),
    queryFn: async () => (await app.api.org(org).get('/mcps/oauth')) ?? [],
  }),
};

/** Human name of a predefined OAuth MCP's provider. */
export function providerName(provider) {
  if (!provider) return 'OAuth';
  return provider.charAt(0).toUpperCase() + provider.slice(1);
}

export function errorText(error) {
  return error ? (error.message || String(error)) : '';
}
