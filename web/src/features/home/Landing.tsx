import {
  Anchor,
  Badge,
  Box,
  Button,
  Container,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconArrowRight,
  IconBriefcase,
  IconGift,
  IconHeartHandshake,
  IconRosetteDiscountCheck,
  IconScale,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { useInstance } from '../../api/instance';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import classes from './Landing.module.css';

const PRINCIPLES = [
  {
    icon: IconBriefcase,
    title: 'Work is the profile',
    text: 'Profiles lead with verified work: deliveries that the person you helped accepted and endorsed. Self-reported work is welcome, and labelled as such.',
  },
  {
    icon: IconGift,
    title: 'Give first',
    text: 'Nobody can send a request for help to a stranger. To a stranger you can only offer: take on a piece of their overflow.',
  },
  {
    icon: IconHeartHandshake,
    title: 'No connect button',
    text: 'Ties are earned. They form when a collaboration completes, or when someone notices a specific piece of your work and you accept their note.',
  },
  {
    icon: IconScale,
    title: 'Don’t overextend',
    text: 'You set your capacity. Past it, Slipstream says no — kindly — so you can do a stellar job on what you already took on.',
  },
] as const;

const STEPS = [
  {
    title: 'An owner posts overflow',
    text: 'A scoped piece of work they lack the time for: a brief, skills and hours.',
  },
  { title: 'Helpers offer', text: 'A short pitch and up to five pieces of their own work as evidence.' },
  {
    title: 'One offer becomes an engagement',
    text: 'The helper delivers; the owner asks for a revision or completes it.',
  },
  {
    title: 'The work is verified',
    text: 'An endorsed record lands on the helper’s profile, and a tie forms between the two.',
  },
] as const;

export function Landing() {
  useDocumentTitle(null);
  const instance = useInstance().data;
  const name = instance?.name ?? 'Slipstream';
  const inviteOnly = instance?.signupMode === 'invite';

  return (
    <>
      <Box className={classes.hero}>
        <Container size="lg">
          <Grid gap={{ base: 40, md: 64 }} align="center">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="lg">
                <Badge variant="light" size="lg" radius="sm" className={classes.eyebrow}>
                  A work-first professional network
                </Badge>
                <Title order={1} className={classes.title}>
                  Do stellar work. <span className={classes.accent}>Let the network follow.</span>
                </Title>
                <Text fz={{ base: 'lg', sm: 'xl' }} className={classes.lead}>
                  {name} is where you help busy, accomplished people with their overflow — and earn verified
                  work, real ties and a reputation along the way. No connection counts, no cold asks.
                </Text>
                <Group gap="sm">
                  <Button
                    component={Link}
                    to="/signup"
                    size="lg"
                    radius="xl"
                    rightSection={<IconArrowRight size={18} aria-hidden="true" />}
                  >
                    {inviteOnly ? 'Join with an invite code' : 'Create your account'}
                  </Button>
                  <Button component={Link} to="/signin" size="lg" radius="xl" variant="default">
                    I have an account
                  </Button>
                </Group>
                <Anchor component={Link} to="/board" fw={600}>
                  Or browse the open overflow on the board first
                </Anchor>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ExampleWorkRecord />
            </Grid.Col>
          </Grid>
        </Container>
      </Box>

      <Container size="lg" py={{ base: 48, sm: 72 }}>
        <Stack gap="xl">
          <Stack gap={6} maw={640}>
            <Title order={2} fz={{ base: 24, sm: 30 }}>
              The rules, in four lines
            </Title>
            <Text c="dimmed" size="lg">
              Success creates connections more than connections create success. Slipstream turns that into a
              working system.
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            {PRINCIPLES.map(({ icon: Icon, title, text }) => (
              <Paper key={title} withBorder p="lg" bg="var(--app-surface)">
                <Group gap="md" align="flex-start" wrap="nowrap">
                  <ThemeIcon size={44} radius="md" variant="light" aria-hidden="true">
                    <Icon size={24} />
                  </ThemeIcon>
                  <Stack gap={4}>
                    <Title order={3} fz="lg">
                      {title}
                    </Title>
                    <Text c="dimmed">{text}</Text>
                  </Stack>
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>
      </Container>

      <Box className={classes.stepsBand}>
        <Container size="lg" py={{ base: 48, sm: 72 }}>
          <Stack gap="xl">
            <Stack gap={6} maw={640}>
              <Title order={2} fz={{ base: 24, sm: 30 }}>
                How career drafting works
              </Title>
              <Text c="dimmed" size="lg">
                In cycling, drafting is riding in another rider’s slipstream: you help the pace and you learn
                from it.
              </Text>
            </Stack>
            <Box component="ol" className={classes.steps}>
              {STEPS.map((step, index) => (
                <li key={step.title} className={classes.step}>
                  <span className={classes.stepNumber} aria-hidden="true">
                    {index + 1}
                  </span>
                  <Title order={3} fz="md">
                    {step.title}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {step.text}
                  </Text>
                </li>
              ))}
            </Box>
          </Stack>
        </Container>
      </Box>

      <Container size="lg" py={{ base: 48, sm: 72 }}>
        <Paper className={classes.cta} p={{ base: 'xl', sm: 48 }}>
          <Stack gap="md" align="flex-start">
            <Title order={2} fz={{ base: 24, sm: 30 }} c="white">
              Your next collaborator may already be looking at your work.
            </Title>
            <Text size="lg" className={classes.ctaText}>
              Add what you have shipped, set how much you can take on, and start by giving.
            </Text>
            <Button component={Link} to="/signup" size="lg" radius="xl" variant="white" color="dark">
              Get started
            </Button>
          </Stack>
        </Paper>
      </Container>
    </>
  );
}

/** An illustration of what a verified work record looks like on a profile. */
function ExampleWorkRecord() {
  return (
    <Box component="figure" m={0}>
      <Paper withBorder shadow="md" p="lg" bg="var(--app-surface)" className={classes.example}>
        <Stack gap="sm">
          <Group gap="xs">
            <Badge
              color="teal.9"
              variant="filled"
              leftSection={<IconRosetteDiscountCheck size={14} aria-hidden="true" />}
            >
              Verified
            </Badge>
            <Badge color="gray" variant="light">
              Delivery
            </Badge>
          </Group>
          <Text fw={700} size="lg">
            Accessibility audit of a checkout flow
          </Text>
          <Text size="sm" c="dimmed">
            Found and fixed 14 keyboard and screen-reader issues across five screens.
          </Text>
          <Box className={classes.endorsement}>
            <Text size="sm" fs="italic">
              “Careful, fast, and kind in review. I would hand Bruno the next one without a second thought.”
            </Text>
            <Text size="xs" c="dimmed" mt={6}>
              Endorsed by the owner of the work
            </Text>
          </Box>
          <Group gap={6}>
            {['accessibility', 'react', 'testing'].map((skill) => (
              <Badge key={skill} variant="outline" color="gray" size="sm" tt="none">
                {skill}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Paper>
      <Text component="figcaption" size="sm" c="dimmed" mt="sm" ta="center">
        What verified work looks like on a profile.
      </Text>
    </Box>
  );
}
