// Lit bindings for TanStack Query core: a reactive controller per query or mutation, so components re-render when
// the cache changes and lists refetch after invalidation (the same model as React Query).
import { QueryClient, QueryObserver, InfiniteQueryObserver, MutationObserver } from '@tanstack/query-core';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx won't get better by asking again; other failures get one retry.
        retry: (count, error) => !(error && error.status >= 400 && error.status < 500) && count < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/**
 * Subscribes a Lit host to one query; `options()` is re-read on every host update (keys may change). With
 * `{ infinite: true }` it is a paged query (`getNextPageParam`, `fetchNextPage()`).
 */
export class QueryController {
  constructor(host, client, options, { infinite = false } = {}) {
    this.host = host;
    this.client = client;
    this.options = options;
    this.Observer = infinite ? InfiniteQueryObserver : QueryObserver;
    this.result = { status: 'pending', isPending: true, data: undefined, error: null };
    host.addController(this);
  }

  hostConnected() {
    const options = this.client.defaultQueryOptions(this.options());
    this.observer = new this.Observer(this.client, options);
    this.result = this.observer.getOptimisticResult(options);
    this.unsubscribe = this.observer.subscribe((result) => {
      this.result = result;
      this.host.requestUpdate();
    });
    this.observer.updateResult();
  }

  hostUpdate() {
    if (!this.observer) return;
    const options = this.client.defaultQueryOptions(this.options());
    if (JSON.stringify(options.queryKey) !== JSON.stringify(this.observer.options.queryKey) || options.enabled !== this.observer.options.enabled) {
      this.observer.setOptions(options);
      this.result = this.observer.getOptimisticResult(options);
    }
  }

  hostDisconnected() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  get data() { return this.result.data; }
  get error() { return this.result.error; }
  get isPending() { return this.result.isPending; }
  get hasNextPage() { return !!this.result.hasNextPage; }
  get isFetchingNextPage() { return !!this.result.isFetchingNextPage; }
  refetch() { return this.observer?.refetch(); }
  fetchNextPage() { return this.observer?.fetchNextPage(); }
}

/** Subscribes a Lit host to one mutation; `mutate(vars)` runs it and resolves with its result (never rejects). */
export class MutationController {
  constructor(host, client, options) {
    this.host = host;
    this.client = client;
    this.observer = new MutationObserver(client, options);
    this.result = this.observer.getCurrentResult();
    host.addController(this);
  }

  hostConnected() {
    this.unsubscribe = this.observer.subscribe((result) => {
      this.result = result;
      this.host.requestUpdate();
    });
  }

  hostDisconnected() {
    this.unsubscribe?.();
  }

  async mutate(variables) {
    try {
      return await this.observer.mutate(variables);
    } catch {
      return undefined;
    }
  }

  reset() { this.observer.reset(); }
  get isPending() { return this.result.isPending; }
  get error() { return this.result.error; }
  get data() { return this.result.data; }
}

/** Runs a one-off mutation through the cache (for many concurrent ones, e.g. checkboxes). Rejects on failure. */
export function runMutation(client, options, variables) {
  return new MutationObserver(client, options).mutate(variables);
}
