import { Anchor, Blockquote, Code, List, Text, Title } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import classes from './Markdown.module.css';

/**
 * Member-written Markdown, with GitHub's additions (tables, strikethrough, task lists, bare links). Raw HTML
 * is not rendered (react-markdown's default: no rehype-raw; keep it that way), and headings are demoted (to
 * h3 and below) so a bio never adds a second h1 to the page. A table scrolls sideways inside its own box on a
 * narrow screen instead of widening the page.
 */
const components: Components = {
  h1: ({ children }) => (
    <Title order={3} fz="lg">
      {children}
    </Title>
  ),
  h2: ({ children }) => (
    <Title order={3} fz="lg">
      {children}
    </Title>
  ),
  h3: ({ children }) => (
    <Title order={4} fz="md">
      {children}
    </Title>
  ),
  h4: ({ children }) => (
    <Title order={5} fz="sm">
      {children}
    </Title>
  ),
  h5: ({ children }) => (
    <Title order={5} fz="sm">
      {children}
    </Title>
  ),
  h6: ({ children }) => (
    <Title order={5} fz="sm">
      {children}
    </Title>
  ),
  p: ({ children }) => <Text className={classes.paragraph}>{children}</Text>,
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow ugc" underline="always">
      {children}
    </Anchor>
  ),
  ul: ({ children }) => <List className={classes.list}>{children}</List>,
  ol: ({ children }) => (
    <List type="ordered" className={classes.list}>
      {children}
    </List>
  ),
  li: ({ children }) => <List.Item>{children}</List.Item>,
  blockquote: ({ children }) => (
    <Blockquote color="stream" p="sm" className={classes.quote}>
      {children}
    </Blockquote>
  ),
  code: ({ children }) => <Code>{children}</Code>,
  img: ({ alt }) => <Text span>{alt}</Text>,
  table: ({ children }) => (
    // A scrolling region: focusable so keyboard users can scroll it too.
    <div className={classes.tableWrap} tabIndex={0} role="region" aria-label="Table">
      <table className={classes.table}>{children}</table>
    </div>
  ),
  input: ({ checked }) => (
    <input
      type="checkbox"
      checked={checked ?? false}
      disabled
      readOnly
      aria-label={checked ? 'Done' : 'To do'}
      className={classes.task}
    />
  ),
};

const remarkPlugins = [remarkGfm];

/** The renderer itself; pages use `Markdown` (./Markdown.tsx), which loads this on demand. */
export function MarkdownRenderer({ children }: { children: string }) {
  return (
    <div className={classes.markdown}>
      <ReactMarkdown components={components} remarkPlugins={remarkPlugins}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
