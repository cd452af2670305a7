import {
  Anchor,
  Badge,
  Button,
  Container,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconUsers } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { normaliseSkills } from '../../../../packages/rules';
import { usePeopleSearch, type MemberSearchHit, type PeopleSearch } from '../../api/search';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import { PageHeader } from '../../components/PageHeader';
import { SkillsInput } from '../../components/SkillsInput';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { SkillBadges } from '../overflow/badges';
import { SearchBox } from './SearchBox';
import { SearchTabs } from './SearchTabs';
import classes from './search.module.css';

function readSearch(params: URLSearchParams): PeopleSearch {
  return {
    q: params.get('q') ?? '',
    skills: normaliseSkills((params.get('skills') ?? '').split(',')).slice(0, 10),
  };
}

/** `/search/people?q=&skills=`: members by skill and words, ranked by merit in those skills. */
export function PeopleSearchPage() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  useDocumentTitle('Find people');
  const update = (patch: Partial<PeopleSearch>, replace = true) => {
    const next = { ...search, ...patch };
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.skills.length > 0) p.set('skills', next.skills.join(','));
    setParams(p, { replace });
  };
  const results = usePeopleSearch(search);
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const idle = !search.q.trim() && search.skills.length === 0;

  return (
    <Container size="lg">
      <PageHeader
        title="Search"
        description="Find overflow by what it is about, or people by what they do well."
      />
      <SearchTabs q={search.q} />
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 2, md: 1 }}>
          <Paper withBorder p="lg" bg="white" component="section" aria-labelledby="people-filters">
            <Stack gap="md">
              <Title order={2} fz="md" id="people-filters">
                Skills
              </Title>
              <SkillsInput
                label="With any of these skills"
                description="Ranked by merit in them: proof of delivered, endorsed work."
                value={search.skills}
                onChange={(skills) => update({ skills })}
                max={10}
              />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <SearchBox
              key={search.q}
              label="Search people"
              placeholder="A name, handle or what they do"
              value={search.q}
              onSearch={(q) => update({ q }, false)}
            />
            <section aria-label="People found" aria-busy={results.isFetching}>
              {idle ? (
                <EmptyState icon={<IconUsers size={26} />} title="Who do you need?">
                  Type a name or words from a headline, or pick skills. People with the most merit in those
                  skills come first.
                </EmptyState>
              ) : results.isPending ? (
                <Stack gap="md" aria-label="Loading people">
                  <Skeleton height={110} />
                  <Skeleton height={110} />
                </Stack>
              ) : results.isError ? (
                <FormAlert message={results.error.message} title="We could not search for that" />
              ) : items.length === 0 ? (
                <EmptyState icon={<IconUsers size={26} />} title="Nobody matches">
                  Try fewer words or other skills.
                </EmptyState>
              ) : (
                <Stack gap="md">
                  <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {items.map((person) => (
                      <li key={person.id}>
                        <PersonCard person={person} />
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
                        More people
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

function PersonCard({ person }: { person: MemberSearchHit }) {
  return (
    <Paper component="article" withBorder p="lg" bg="white" className={classes.card}>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <MemberAvatar name={person.name} size={44} />
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Group justify="space-between" gap="xs" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Title order={2} fz="lg" className={classes.title}>
                <Anchor component={Link} to={`/@${person.handle}`} inherit c="inherit">
                  {person.name}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed">
                @{person.handle}
              </Text>
            </div>
            <Badge
              variant="light"
              color={person.hasFreeCapacity ? 'stream' : 'gray'}
              c={person.hasFreeCapacity ? 'stream.9' : 'gray.8'}
              tt="none"
              leftSection={person.hasFreeCapacity ? <IconCircleCheck size={12} aria-hidden="true" /> : null}
            >
              {person.hasFreeCapacity ? 'Has capacity' : 'At capacity'}
            </Badge>
          </Group>
          {person.headline && (
            <Text size="sm" c="gray.8" className={classes.hit}>
              {person.headline}
            </Text>
          )}
          <Text size="sm" c="gray.8">
            {person.verifiedWorkCount === 0
              ? 'No verified work yet'
              : `Verified work: ${person.verifiedWorkCount}`}
          </Text>
          {person.skills.length > 0 && <SkillBadges skills={person.skills} />}
        </Stack>
      </Group>
    </Paper>
  );
}
