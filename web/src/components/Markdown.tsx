import { Anchor, Blockquote, Code, List, Text, Title } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import classes from './Markdown.module.css';

/**
 * Member-written Markdown. Raw HTML is not rendered (react-markdown's default; keep it that way), and
 * headings are demoted (to h3 and below) so a bio never adds a second h1 to the page.
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
};

export function Markdown({ children }: { children: string }) {
  return (
    <div className={classes.markdown}>
      <ReactMarkdown components={components}>{children}</ReactMarkdown>
    </div>
  );
}
