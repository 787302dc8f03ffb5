// In-page routing with the History API: links and navigation change the view without a page load.
// The server serves the page for the same paths (SpaRoutes.PAGE_PATHS).

const listeners = new Set();

/** The view for a path: { name, params }. */
export function match(pathname) {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/mcps') return { name: 'connectors', params: {} };
  if (path === '/integrations') return { name: 'integrations', params: {} };
  if (path === '/variables') return { name: 'variables', params: {} };
  const teammate = /^\/teammates\/([A-Za-z0-9_-]{1,64})\/connectors$/.exec(path);
  if (teammate) return { name: 'teammate', params: { employeeId: teammate[1] } };
  return { name: 'not-found', params: {} };
}

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to); else history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

export function onRouteChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

// Same-origin links to page paths navigate in the page; modified clicks (new tab…) keep the browser's behaviour.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.composedPath().find((el) => el instanceof HTMLAnchorElement);
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  if (match(link.pathname).name === 'not-found') return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
