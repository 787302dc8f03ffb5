// TanStack Query's browser build reads process.env.NODE_ENV (a bundler would inline it). Without a bundler the page
// defines it once, before any module loads.
globalThis.process = globalThis.process || { env: { NODE_ENV: 'production' } };
