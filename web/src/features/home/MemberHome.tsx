import { Anchor, Button, Card, Container, Grid, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconApi, IconBolt, IconGift, IconScale } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SelfMember } from '../../api/client';
import { useProfile } from '../../api/members';
import { MemberAvatar } from '../../components/MemberAvatar';
import { PageHeader } from '../../components/PageHeader';
import { useNeedsYou } from '../../api/home';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ForYouPreview } from './ForYouPreview';
import { KeepInTouchPreview } from './KeepInTouchPreview';
import { NeedsYou, needsYouSummary } from './NeedsYou';
import { ProfileChecklist } from './ProfileChecklist';
import { profileChecklist } from './profileCompleteness';

const TIPS = [
  {
    icon: IconBolt,
    title: 'Do stellar work',
    text: 'Find what you are good at and do it well. Influential people notice finished, endorsed work.',
  },
  {
    icon: IconGift,
    title: 'Give first',
    text: 'Offer to take on someone’s overflow. Givers build the most durable networks.',
  },
  {
    icon: IconScale,
    title: 'Don’t overextend',
    text: 'Take on what you can do brilliantly. Your capacity setting keeps you honest.',
  },
] as const;

/**
 * `/` for a signed-in member: what needs them now first, then overflow picked for them, then the profile
 * checklist, only while it is unfinished (a finished one is no news).
 */
export function MemberHome({ member }: { member: SelfMember }) {
  useDocumentTitle('Home');
  const profile = useProfile(member.handle);
  const needs = useNeedsYou();
  const workCount = profile.data
    ? profile.data.verifiedWork.total + profile.data.selfReportedWork.total
    : undefined;
  // Until the profile has loaded the work item is unknown: show the checklist only once we know it is unfinished.
  const checklistUnfinished =
    workCount !== undefined && profileChecklist(member, workCount).some((item) => !item.done);
  const firstName = member.name.split(/\s+/)[0] || member.name;

  return (
    <Container size="lg">
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={needsYouSummary(needs.data) ?? 'Work first: the network follows.'}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <NeedsYou />
            <ForYouPreview />
            <KeepInTouchPreview />
            {checklistUnfinished && (
              <ProfileChecklist member={member} workRecordCount={workCount} loading={profile.isPending} />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card>
              <Group gap="md" wrap="nowrap">
                <MemberAvatar name={member.name} size={52} />
                <Stack gap={2} miw={0}>
                  <Text fw={700} truncate>
                    {member.name}
                  </Text>
                  <Text size="sm" c="dimmed" truncate>
                    @{member.handle}
                  </Text>
                </Stack>
              </Group>
              {member.headline && (
                <Text size="sm" mt="md">
                  {member.headline}
                </Text>
              )}
              <Button component={Link} to={`/@${member.handle}`} variant="light" fullWidth mt="md">
                View your public profile
              </Button>
            </Card>
            <Card>
              <Title order={2} fz="md">
                Do the work
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                Help with someone’s overflow, or post work you have no time for.
              </Text>
              <Stack gap="xs" mt="md">
                <Button component={Link} to="/board" fullWidth>
                  Find work on the board
                </Button>
                <Button component={Link} to="/overflow/new" variant="default" fullWidth>
                  Post your own overflow
                </Button>
              </Stack>
            </Card>
            <Card>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" size={36} radius="md" aria-hidden="true">
                  <IconApi size={20} />
                </ThemeIcon>
                <Stack gap={4}>
                  <Title order={2} fz="md">
                    Script it
                  </Title>
                  <Text size="sm" c="dimmed">
                    Everything here has a documented HTTP API. Use a personal access token.
                  </Text>
                  <Anchor component={Link} to="/settings/tokens" size="sm" fw={600}>
                    Manage access tokens
                  </Anchor>
                </Stack>
              </Group>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      {checklistUnfinished && <Tips />}
    </Container>
  );
}

/** For a member still setting up: how the place works. */
function Tips() {
  return (
    <>
      <Title order={2} fz="xl" mt={48} mb="md">
        How to get noticed here
      </Title>
      <Grid gap="lg">
        {TIPS.map(({ icon: Icon, title, text }) => (
          <Grid.Col key={title} span={{ base: 12, sm: 4 }}>
            <Card h="100%">
              <ThemeIcon variant="light" size={40} radius="md" aria-hidden="true" mb="sm">
                <Icon size={22} />
              </ThemeIcon>
              <Title order={3} fz="md" mb={4}>
                {title}
              </Title>
              <Text size="sm" c="dimmed">
                {text}
              </Text>
            </Card>
          </Grid.Col>
        ))}
      </Grid>
    </>
  );
}
