import { Anchor, Container, Group, Text } from '@mantine/core';
import { useInstanceName } from '../../api/instance';
import { LogoMark } from '../LogoMark';
import classes from './SiteFooter.module.css';

export function SiteFooter() {
  const instanceName = useInstanceName();
  return (
    <footer className={classes.footer}>
      <Container size="lg">
        <Group justify="space-between" gap="md" className={classes.row}>
          <Group gap={10} wrap="nowrap">
            <LogoMark size={22} />
            <Text size="sm" c="dimmed">
              {instanceName === 'Slipstream' ? 'Slipstream' : `${instanceName} runs on Slipstream`}: a
              work-first professional network. Do stellar work; let the network follow.
            </Text>
          </Group>
          <Group gap="lg">
            <Anchor href="/api/docs" size="sm" fw={600}>
              API docs
            </Anchor>
          </Group>
        </Group>
      </Container>
    </footer>
  );
}
