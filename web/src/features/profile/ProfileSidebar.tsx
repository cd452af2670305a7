import { Anchor, Badge, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconBriefcase,
  IconCalendar,
  IconChecklist,
  IconClock,
  IconExternalLink,
  IconPencil,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Profile, PublicMember } from '../../api/client';
import { Markdown } from '../../components/Markdown';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatMonth, localTimeIn } from '../../lib/format';
import { ReportAction } from '../moderation/ReportAction';
import classes from './ProfileSidebar.module.css';

interface ProfileSidebarProps {
  member: PublicMember;
  isOwn: boolean;
  /** A signed-in member viewing someone else's profile may report it. */
  canReport?: boolean;
  completionRecord?: Profile['completionRecord'];
  ownerRecord?: Profile['ownerRecord'];
}

/** Who the member is: name, handle, headline, bio, skills, links and where in the world they work. */
export function ProfileSidebar({
  member,
  isOwn,
  canReport = false,
  completionRecord,
  ownerRecord,
}: ProfileSidebarProps) {
  const localTime = localTimeIn(member.timeZone);

  return (
    <Paper withBorder p="lg" bg="var(--app-surface)">
      <Stack gap="md">
        <Group gap="md" wrap="nowrap" align="center" className={classes.identity}>
          <MemberAvatar name={member.name} size={80} className={classes.avatar} />
          <Stack gap={2} miw={0}>
            <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.15} className={classes.name}>
              {member.name}
            </Title>
            <Text c="dimmed" fw={500}>
              @{member.handle}
            </Text>
          </Stack>
          {canReport && (
            <div style={{ marginLeft: 'auto', alignSelf: 'flex-start' }}>
              <ReportAction subjectType="member" subjectId={member.id} label={`${member.name}'s profile`} />
            </div>
          )}
        </Group>
        {member.headline && (
          <Text size="lg" fw={500} lh={1.4}>
            {member.headline}
          </Text>
        )}
        {isOwn && (
          <Button
            component={Link}
            to="/settings/profile"
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden="true" />}
          >
            Edit profile
          </Button>
        )}
        <Stack gap={6}>
          <Group gap={8} wrap="nowrap">
            <IconClock size={16} aria-hidden="true" className={classes.metaIcon} />
            <Text size="sm">
              {member.timeZone.replace(/_/g, ' ')}
              {localTime && (
                <Text span c="dimmed" size="sm">
                  {' '}
                  · {localTime} local time
                </Text>
              )}
            </Text>
          </Group>
          <Group gap={8} wrap="nowrap">
            <IconCalendar size={16} aria-hidden="true" className={classes.metaIcon} />
            <Text size="sm">Joined {formatMonth(member.joinedAt)}</Text>
          </Group>
        </Stack>

        {completionRecord && <CompletionRecord record={completionRecord} name={member.name} />}
        {ownerRecord && ownerRecord.givenOut > 0 && <OwnerRecord record={ownerRecord} />}

        {member.bio.trim() && (
          <>
            <Divider />
            <section aria-labelledby="profile-about">
              <Title order={2} id="profile-about" className={classes.sectionTitle}>
                About
              </Title>
              <Markdown>{member.bio}</Markdown>
            </section>
          </>
        )}

        {member.skills.length > 0 && (
          <>
            <Divider />
            <section aria-labelledby="profile-skills">
              <Title order={2} id="profile-skills" className={classes.sectionTitle}>
                Skills
              </Title>
              <Group gap={6} component="ul" className={classes.plainList}>
                {member.skills.map((skill) => (
                  <li key={skill}>
                    <Badge variant="light" size="lg" tt="none" fw={600}>
                      {skill}
                    </Badge>
                  </li>
                ))}
              </Group>
            </section>
          </>
        )}

        {member.links.length > 0 && (
          <>
            <Divider />
            <section aria-labelledby="profile-links">
              <Title order={2} id="profile-links" className={classes.sectionTitle}>
                Links
              </Title>
              <Stack gap={6} component="ul" className={classes.plainList}>
                {member.links.map((link) => (
                  <li key={`${link.label}-${link.url}`}>
                    <Anchor
                      href={link.url}
                      target="_blank"
                      rel="me noopener noreferrer nofollow"
                      fw={600}
                      size="sm"
                    >
                      {link.label}
                      <IconExternalLink size={14} aria-hidden="true" className={classes.externalIcon} />
                    </Anchor>
                    <Text size="xs" c="dimmed" truncate>
                      {hostOf(link.url)}
                    </Text>
                  </li>
                ))}
              </Stack>
            </section>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** As a helper: engagements completed and abandoned (and by whom), as one quiet line. */
function CompletionRecord({ record, name }: { record: Profile['completionRecord']; name: string }) {
  const abandoned = record.abandonedByHelper + record.abandonedByOwner;
  const firstName = name.split(/\s+/)[0] || name;
  return (
    <>
      <Divider />
      <section aria-labelledby="profile-completion">
        <Title order={2} id="profile-completion" className={classes.sectionTitle}>
          Completion record
        </Title>
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconChecklist size={16} aria-hidden="true" className={classes.metaIcon} />
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {record.completed} completed · {abandoned} abandoned
            </Text>
            <Text size="xs" c="dimmed">
              {abandoned > 0
                ? `Engagements as a helper. Abandoned: ${record.abandonedByHelper} by ${firstName}, ${record.abandonedByOwner} by the owner.`
                : 'Engagements as a helper.'}
            </Text>
          </Stack>
        </Group>
      </section>
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** As an owner: the work they gave out and completed, and the ratings and endorsements they gave. */
function OwnerRecord({ record }: { record: Profile['ownerRecord'] }) {
  const parts = [
    `Gave ${plural(record.givenOut, 'piece of work', 'pieces of work')}`,
    `${record.completed} completed`,
    ...(record.averageRatingGiven !== null
      ? [`average rating given ${record.averageRatingGiven.toFixed(1)}`]
      : []),
  ];
  return (
    <>
      <Divider />
      <section aria-labelledby="profile-owner-record">
        <Title order={2} id="profile-owner-record" className={classes.sectionTitle}>
          Work given out
        </Title>
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconBriefcase size={16} aria-hidden="true" className={classes.metaIcon} />
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {parts.join(' · ')}
            </Text>
            <Text size="xs" c="dimmed">
              As an owner: {plural(record.endorsementsWritten, 'endorsement', 'endorsements')} written,{' '}
              {plural(record.ratingsGiven, 'rating', 'ratings')} given.
            </Text>
          </Stack>
        </Group>
      </section>
    </>
  );
}
