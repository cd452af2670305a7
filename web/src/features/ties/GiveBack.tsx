import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconClock } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Ledger } from '../../api/ties';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatCalendarDate } from '../../lib/format';
import { formatWeight } from './BalanceBar';
import classes from './Ties.module.css';
import { MemberLink } from '../../components/MemberLink';

/** Transactional ties, each with that person's open overflow as a concrete way to give back. */
export function GiveBack({ giveBack, hasTies }: { giveBack: Ledger['giveBack']; hasTies: boolean }) {
  return (
    <section aria-labelledby="give-back-heading">
      <Title order={2} id="give-back-heading" fz={{ base: 20, sm: 22 }} mb={4}>
        Ways to give back
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {giveBack.length > 0
          ? 'You have only received from these people so far. Their open overflow is a concrete way to return the favour.'
          : hasTies
            ? 'Nobody you have only taken from: every one of your ties has had something back from you.'
            : 'When someone helps you, this is where you will find a concrete way to return the favour.'}
      </Text>
      {giveBack.length > 0 && (
        <Stack component="ul" gap="md" className={classes.plainList}>
          {giveBack.map(({ tie, openOverflow }) => (
            <Paper component="li" key={tie.id} withBorder p="md" className={classes.giveBack}>
              <Group gap="sm" wrap="nowrap" mb="sm">
                <MemberAvatar name={tie.member.name} size={36} />
                <Text size="sm" miw={0}>
                  <MemberLink handle={tie.member.handle} fw={650} inherit>
                    {tie.member.name}
                  </MemberLink>{' '}
                  gave you {formatWeight(tie.received)}; you have given nothing back yet.
                </Text>
              </Group>
              {openOverflow.length > 0 ? (
                <Stack component="ul" gap={6} className={classes.plainList}>
                  {openOverflow.map((overflow) => (
                    <li key={overflow.id}>
                      <Anchor
                        component={Link}
                        to={`/overflow/${overflow.id}`}
                        className={classes.overflowLink}
                        underline="never"
                      >
                        <Stack gap={2} miw={0} style={{ flex: 1 }}>
                          <Text
                            fw={650}
                            size="sm"
                            c="var(--app-accent-text)"
                            className={classes.overflowTitle}
                          >
                            {overflow.title}
                          </Text>
                          <Group gap={6} wrap="wrap">
                            <Badge
                              size="sm"
                              variant="outline"
                              color="gray"
                              tt="none"
                              className={classes.muted}
                            >
                              <IconClock size={12} aria-hidden="true" className={classes.inlineIcon} />
                              {overflow.effortHours} h
                            </Badge>
                            {overflow.dueOn && (
                              <Text size="xs" c="dimmed">
                                due {formatCalendarDate(overflow.dueOn)}
                              </Text>
                            )}
                            {overflow.skills.slice(0, 3).map((skill) => (
                              <Badge
                                key={skill}
                                size="sm"
                                variant="light"
                                color="gray"
                                tt="none"
                                className={classes.muted}
                              >
                                {skill}
                              </Badge>
                            ))}
                          </Group>
                        </Stack>
                        <IconArrowRight size={18} aria-hidden="true" className={classes.arrow} />
                      </Anchor>
                    </li>
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  Nothing open from them right now. A thank-you note counts too — send one from your ties
                  below.
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </section>
  );
}
