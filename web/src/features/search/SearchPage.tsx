import {
  Anchor,
  Button,
  Checkbox,
  Container,
  Grid,
  Group,
  NumberInput,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCalendarDue, IconClock, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { normaliseSkills } from '../../../../packages/rules';
import { useWorkSearch, type OverflowSearchHit, type WorkSearch } from '../../api/search';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { SkillsInput } from '../../components/SkillsInput';
import { formatCalendarDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { effortLabel } from '../overflow/OverflowCard';
import { OverflowStatusBadge, SkillBadges, VisibilityBadge } from '../overflow/badges';
import { Highlighted } from './Highlighted';
import { SearchBox } from './SearchBox';
import { SearchTabs } from './SearchTabs';
import classes from './search.module.css';

function effortParam(raw: string | null): number | null {
  if (!raw) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : null;
}

function readSearch(params: URLSearchParams): WorkSearch {
  const due = params.get('dueBefore') ?? '';
  return {
    q: params.get('q') ?? '',
    skills: normaliseSkills((params.get('skills') ?? '').split(',')).slice(0, 10),
    minEffort: effortParam(params.get('minEffort')),
    maxEffort: effortParam(params.get('maxEffort')),
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : null,
    includeClosed: params.get('status') === 'all',
  };
}

function writeSearch(s: WorkSearch): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.skills.length > 0) p.set('skills', s.skills.join(','));
  if (s.minEffort !== null) p.set('minEffort', String(s.minEffort));
  if (s.maxEffort !== null) p.set('maxEffort', String(s.maxEffort));
  if (s.dueBefore) p.set('dueBefore', s.dueBefore);
  if (s.includeClosed) p.set('status', 'all');
  return p;
}

function toEffort(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return value === '' || !Number.isFinite(n) ? null : Math.min(200, Math.max(1, Math.round(n)));
}

/** `/search?q=`: overflow by its words, with the board's filters, all in the address. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  useDocumentTitle(search.q ? `“${search.q}” · Search` : 'Search');
  const update = (patch: Partial<WorkSearch>, replace = true) =>
    setParams(writeSearch({ ...search, ...patch }), { replace });
  const results = useWorkSearch(search);
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered =
    search.skills.length > 0 ||
    search.minEffort !== null ||
    search.maxEffort !== null ||
    !!search.dueBefore ||
    search.includeClosed;

  return (
    <Container size="lg">
      <PageHeader
        title="Search"
        description="Find overflow by what it is about, or people by what they do well."
      />
      <SearchTabs q={search.q} />
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2, md: 1 }}>
          <Paper withBorder p="lg" bg="white" component="section" aria-labelledby="search-filters">
            <Stack gap="md">
              <Group justify="space-between" align="center">
                <Title order={2} fz="md" id="search-filters">
                  Filters
                </Title>
                {filtered && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconFilterOff size={14} aria-hidden="true" />}
                    onClick={() =>
                      update({
                        skills: [],
                        minEffort: null,
                        maxEffort: null,
                        dueBefore: null,
                        includeClosed: false,
                      })
                    }
                  >
                    Clear filters
                  </Button>
                )}
              </Group>
              <SkillsInput
                label="Skills"
                description="Overflow needing any of these."
                value={search.skills}
                onChange={(skills) => update({ skills })}
                max={10}
              />
              <Group grow gap="sm" align="flex-start">
                <NumberInput
                  label="Minimum effort"
                  description="Hours"
                  min={1}
                  max={200}
                  allowDecimal={false}
                  allowNegative={false}
                  value={search.minEffort ?? ''}
                  onChange={(value) => update({ minEffort: toEffort(value) })}
                />
                <NumberInput
                  label="Maximum effort"
                  description="Hours"
                  min={1}
                  max={200}
                  allowDecimal={false}
                  allowNegative={false}
                  value={search.maxEffort ?? ''}
                  onChange={(value) => update({ maxEffort: toEffort(value) })}
                />
              </Group>
              <TextInput
                label="Due before"
                type="date"
                max="9999-12-31"
                value={search.dueBefore ?? ''}
                onChange={(e) => update({ dueBefore: e.currentTarget.value || null })}
              />
              <Checkbox
                label="Include closed overflow"
                description="Assigned, delivered, completed, cancelled or expired."
                checked={search.includeClosed}
                onChange={(e) => update({ includeClosed: e.currentTarget.checked })}
              />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <SearchBox
              key={search.q}
              label="Search overflow"
              placeholder='Words, "a phrase" or a prefix*'
              value={search.q}
              onSearch={(q) => update({ q }, false)}
            />
            <section aria-label="Results" aria-busy={results.isFetching}>
              {!search.q.trim() ? (
                <EmptyState icon={<IconSearch size={26} />} title="What are you looking for?">
                  Type a few words: all of them must appear in the title, brief or skills. Quote a phrase
                  (&quot;data migration&quot;) or end a word with * to match its beginning (typ*).
                </EmptyState>
              ) : results.isPending ? (
                <Stack gap="md" aria-label="Loading results">
                  <Skeleton height={150} />
                  <Skeleton height={150} />
                </Stack>
              ) : results.isError ? (
                <FormAlert message={results.error.message} title="We could not search for that" />
              ) : items.length === 0 ? (
                <EmptyState icon={<IconSearch size={26} />} title="No overflow matches">
                  {filtered
                    ? 'Try fewer words or clear the filters.'
                    : search.includeClosed
                      ? 'Try fewer or other words.'
                      : 'Try fewer or other words, or include closed overflow.'}
                </EmptyState>
              ) : (
                <Stack gap="md">
                  <Text size="sm" c="dimmed" aria-live="polite">
                    Best matches first, fresher postings ranked higher.
                  </Text>
                  <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {items.map((hit) => (
                      <li key={hit.id}>
                        <HitCard hit={hit} />
                      </li>
                    ))}
                  </Stack>
                  {results.hasNextPage && (
                    <Group justify="center">
                      <Button
                        variant="default"
                        onClick={() => void results.fetchNextPage()}
                        loading={results.isFetchingNextPage}
                      >
                        More results
                      </Button>
                    </Group>
                  )}
                </Stack>
              )}
            </section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function HitCard({ hit }: { hit: OverflowSearchHit }) {
  return (
    <Paper component="article" withBorder p="lg" bg="white" className={classes.card}>
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
              <Anchor component={Link} to={`/@${hit.owner.handle}`} inherit fw={600} c="stream.9">
                {hit.owner.name}
              </Anchor>
            </Text>
          </Stack>
          {hit.status !== 'open' && <OverflowStatusBadge status={hit.status} />}
        </Group>
        <Text size="sm" c="gray.8" className={classes.hit}>
          <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
        </Text>
        <SkillBadges skills={hit.skills} />
        <Group gap="md" c="gray.8" style={{ rowGap: 6 }}>
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
