import { LinkTabs } from '../../components/LinkTabs';

/** Work or people: two views of one search, each a link that keeps the words typed. */
export function SearchTabs({ q }: { q: string }) {
  const suffix = q ? `?q=${encodeURIComponent(q)}` : '';
  return (
    <LinkTabs
      label="What to search"
      tabs={[
        { to: `/search${suffix}`, label: 'Work', end: true },
        { to: `/search/people${suffix}`, label: 'People' },
      ]}
    />
  );
}
