import { Anchor, Badge, Container, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCircleCheck, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { normaliseSkills } from '../../../../packages/rules';
import { usePeopleSearch, type MemberSearchHit, type PeopleSearch } from '../../api/search';
import { EmptyState } from '../../components/EmptyState';
import { MemberAvatar } from '../../components/MemberAvatar';
import { PageHeader } from '../../components/PageHeader';
import { ResultList, countLabel } from '../../components/ResultList';
import { SkillsInput } from '../../components/SkillsInput';
import { useAddressState } from '../../lib/useAddressState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { MAX_FILTER_SKILLS } from '../overflow/OverflowFilterFields';
import { SkillBadges } from '../overflow/badges';
import { SearchBox } from './SearchBox';
import { SearchTabs } from './SearchTabs';
import classes from './search.module.css';

function readSearch(params: URLSearchParams): PeopleSearch {
  return {
    q: params.get('q') ?? '',
    skills: normaliseSkills((params.get('skills') ?? '').split(',')).slice(0, MAX_FILTER_SKILLS),
  };
}

function writeSearch({ q, skills }: PeopleSearch): URLSearchParams {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (skills.length > 0) p.set('skills', skills.join(','));
  return p;
}

/** `/search/people?q=&skills=`: members by skill and words, ranked by merit in those skills. */
export function PeopleSearchPage() {
  const { state: search, update } = useAddressState(readSearch, writeSearch);
  useDocumentTitle('Find people');
  const results = usePeopleSearch(search);
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const idle = !search.q.trim() && search.skills.length === 0;
  // On a phone the words come first, then the skills, then the people (not the skills under 20 cards).
  const isPhone = useMediaQuery('(max-width: 62em)') ?? false;
  const skillsPanel = (
    <Paper withBorder p="lg" bg="var(--app-surface)" component="section" aria-labelledby="people-filters">
      <Stack gap="md">
        <Title order={2} fz="md" id="people-filters">
          Skills
        </Title>
        <SkillsInput
          label="With any of these skills"
          description="Ranked by merit in them: proof of delivered, endorsed work."
          value={search.skills}
          onChange={(skills) => update({ skills })}
          max={MAX_FILTER_SKILLS}
        />
      </Stack>
    </Paper>
  );

  return (
    <Container size="lg">
      <PageHeader
        title="Search"
        description="Find overflow by what it is about, or people by what they do well."
      />
      <SearchTabs q={search.q} />
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        {!isPhone && <Grid.Col span={{ base: 12, md: 4 }}>{skillsPanel}</Grid.Col>}
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SearchBox
              key={search.q}
              label="Search people"
              placeholder="A name, handle or what they do"
              value={search.q}
              onSearch={(q) => update({ q }, { replace: false })}
            />
            {isPhone && skillsPanel}
            <ResultList
              label="People found"
              query={results}
              items={items}
              itemKey={(person) => person.id}
              renderItem={(person) => <PersonCard person={person} />}
              idle={
                idle && (
                  <EmptyState icon={<IconUsers size={26} />} title="Who do you need?">
                    Type a name or words from a headline, or pick skills. People with the most merit in those
                    skills come first.
                  </EmptyState>
                )
              }
              loadingLabel="Loading people"
              skeletonHeight={110}
              errorTitle="We could not search for that"
              empty={
                <EmptyState icon={<IconUsers size={26} />} title="Nobody matches">
                  Try fewer words or other skills.
                </EmptyState>
              }
              summary={(shown, more) =>
                `${countLabel(shown, more, 'person', 'people')}.${
                  search.skills.length > 0 ? ' Most merit in these skills first.' : ''
                }`
              }
              moreLabel="More people"
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function PersonCard({ person }: { person: MemberSearchHit }) {
  return (
    <Paper component="article" withBorder p="lg" bg="var(--app-surface)" className={classes.card}>
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
              c={person.hasFreeCapacity ? 'var(--app-accent-text)' : 'var(--app-text-muted)'}
              tt="none"
              leftSection={person.hasFreeCapacity ? <IconCircleCheck size={12} aria-hidden="true" /> : null}
            >
              {person.hasFreeCapacity ? 'Has capacity' : 'At capacity'}
            </Badge>
          </Group>
          {person.headline && (
            <Text size="sm" c="var(--app-text-muted)" className={classes.hit}>
              {person.headline}
            </Text>
          )}
          <Text size="sm" c="var(--app-text-muted)">
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
