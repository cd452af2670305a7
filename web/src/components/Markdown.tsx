import { lazy, Suspense } from 'react';
import classes from './Markdown.module.css';

// The Markdown parser (react-markdown, remark-gfm: the largest library of the app) is fetched the first time
// a page shows member-written text, not with the page: a public profile paints without it.
const MarkdownRenderer = lazy(() =>
  import('./MarkdownRenderer').then((m) => ({ default: m.MarkdownRenderer })),
);

/**
 * Member-written Markdown (see MarkdownRenderer). Until the renderer has loaded, the text shows as it was
 * written, in the same box, so the page neither jumps nor hides it.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <Suspense
      fallback={
        <div className={classes.markdown}>
          <p className={classes.source}>{children}</p>
        </div>
      }
    >
      <MarkdownRenderer>{children}</MarkdownRenderer>
    </Suspense>
  );
}
