import { Anchor, Checkbox, Container, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarDue, IconClock, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useWorkSearch, type OverflowSearchHit, type WorkSearch } from '../../api/search';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ResultList, countLabel } from '../../components/ResultList';
import { formatCalendarDate } from '../../lib/format';
import { useAddressState } from '../../lib/useAddressState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { effortLabel } from '../overflow/OverflowCard';
import {
  EffortRangeHint,
  NO_OVERFLOW_FILTERS,
  OverflowFilterPanel,
  countOverflowFilters,
  effortRangeError,
  readOverflowFilters,
  writeOverflowFilters,
} from '../overflow/OverflowFilterFields';
import { OverflowStatusBadge, SkillBadges, VisibilityBadge } from '../overflow/badges';
import { Highlighted } from './Highlighted';
import { SearchBox } from './SearchBox';
import { SearchTabs } from './SearchTabs';
import classes from './search.module.css';
import { MemberLink } from '../../components/MemberLink';

function readSearch(params: URLSearchParams): WorkSearch {
  return {
    q: params.get('q') ?? '',
    ...readOverflowFilters(params),
    includeClosed: params.get('status') === 'all',
  };
}

function writeSearch({ q, includeClosed, ...filters }: WorkSearch): URLSearchParams {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  writeOverflowFilters(filters, p);
  if (includeClosed) p.set('status', 'all');
  return p;
}

/** `/search?q=`: overflow by its words, with the board's filters, all in the address. */
export function SearchPage() {
  const { state: search, update } = useAddressState(readSearch, writeSearch);
  useDocumentTitle(search.q ? `“${search.q}” · Search` : 'Search');
  const rangeError = effortRangeError(search);
  const results = useWorkSearch(search, !rangeError);
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = countOverflowFilters(search) > 0 || search.includeClosed;
  // On a phone the words come first, then the (folded) filters, then the results.
  const isPhone = useMediaQuery('(max-width: 62em)') ?? false;

  const filters = (
    <OverflowFilterPanel
      id="search"
      title="Filters"
      value={search}
      onChange={update}
      extraActive={search.includeClosed ? 1 : 0}
      onClear={() => update({ ...NO_OVERFLOW_FILTERS, includeClosed: false })}
      more={
        <Checkbox
          label="Include closed overflow"
          description="Assigned, delivered, completed, cancelled or expired."
          checked={search.includeClosed}
          onChange={(e) => update({ includeClosed: e.currentTarget.checked })}
        />
      }
    />
  );

  return (
    <Container size="lg">
      <PageHeader
        title="Search"
        description="Find overflow by what it is about, or people by what they do well."
      />
      <SearchTabs q={search.q} />
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        {!isPhone && <Grid.Col span={{ base: 12, md: 4 }}>{filters}</Grid.Col>}
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SearchBox
              key={search.q}
              label="Search overflow"
              placeholder='Words, "a phrase" or a prefix*'
              value={search.q}
              onSearch={(q) => update({ q }, { replace: false })}
            />
            {isPhone && filters}
            <ResultList
              label="Results"
              query={results}
              items={items}
              itemKey={(hit) => hit.id}
              renderItem={(hit) => <HitCard hit={hit} />}
              idle={
                !search.q.trim() ? (
                  <EmptyState icon={<IconSearch size={26} />} title="What are you looking for?">
                    Type a few words: all of them must appear in the title, brief or skills. Quote a phrase
                    (&quot;data migration&quot;) or end a word with * to match its beginning (typ*).
                  </EmptyState>
                ) : (
                  rangeError && <EffortRangeHint />
                )
              }
              loadingLabel="Loading results"
              skeletonHeight={150}
              errorTitle="We could not search for that"
              empty={
                <EmptyState icon={<IconSearch size={26} />} title="No overflow matches">
                  {filtered
                    ? 'Try fewer words or clear the filters.'
                    : 'Try fewer or other words, or include closed overflow.'}
                </EmptyState>
              }
              summary={(shown, more) =>
                `${countLabel(shown, more, 'result', 'results')}. Best matches first, fresher postings ranked higher.`
              }
              moreLabel="More results"
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function HitCard({ hit }: { hit: OverflowSearchHit }) {
  return (
    <Paper component="article" withBorder p="lg" bg="var(--app-surface)" className={classes.card}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
          <Stack gap={4} miw={0}>
            <Title order={2} fz="lg" className={classes.title}>
              <Anchor component={Link} to={`/overflow/${hit.id}`} inherit c="inherit">
                <Highlighted text={hit.title} ranges={hit.titleHighlights} />
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed">
              Posted by{' '}
              <MemberLink handle={hit.owner.handle} inherit fw={600} c="var(--app-accent-text)">
                {hit.owner.name}
              </MemberLink>
            </Text>
          </Stack>
          {hit.status !== 'open' && <OverflowStatusBadge status={hit.status} />}
        </Group>
        <Text size="sm" c="var(--app-text-muted)" className={classes.hit}>
          <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
        </Text>
        <SkillBadges skills={hit.skills} />
        <Group gap="md" c="var(--app-text-muted)" style={{ rowGap: 6 }}>
          <Group gap={4} wrap="nowrap">
            <IconClock size={16} aria-hidden="true" />
            <Text size="sm">{effortLabel(hit.effortHours)}</Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <IconCalendarDue size={16} aria-hidden="true" />
            <Text size="sm">
              {hit.dueOn ? (
                <>
                  Due <time dateTime={hit.dueOn}>{formatCalendarDate(hit.dueOn)}</time>
                </>
              ) : (
                'No due date'
              )}
            </Text>
          </Group>
          <VisibilityBadge overflow={hit} />
        </Group>
      </Stack>
    </Paper>
  );
}
