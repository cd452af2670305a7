import type { ComponentType } from 'react';

type PageExports<M> = { [K in keyof M]: M[K] extends ComponentType ? K : never }[keyof M];

/**
 * A route's `lazy`: the page's module is fetched when the route first matches (in parallel with nothing
 * else on the first visit, before the navigation on later ones), and its named export renders the route.
 * `{ path: 'board', lazy: page(() => import('./features/overflow/BoardPage'), 'BoardPage') }`.
 */
export function page<M, K extends PageExports<M>>(
  load: () => Promise<M>,
  name: K,
): () => Promise<{ Component: ComponentType }> {
  return async () => ({ Component: (await load())[name] as ComponentType });
}
