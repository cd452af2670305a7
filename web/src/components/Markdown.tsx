import { lazy, Suspense } from 'react';
import classes from './Markdown.module.css';

// The Markdown parser (react-markdown, remark-gfm: the largest library of the app) is not part of any page's
// chunk: a page that shows member-written text starts fetching it as soon as the page's code runs (in parallel
// with the page's data), and paints the text as written until it is there.
const renderer = import('./MarkdownRenderer');
const MarkdownRenderer = lazy(() => renderer.then((m) => ({ default: m.MarkdownRenderer })));

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
