import { Button, Container, Group, Text, Title } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import classes from './ErrorPages.module.css';

/** `message` replaces the generic sentence where the page knows more (e.g. an overflow not shown to you). */
export function NotFoundPage({ message }: { message?: string } = {}) {
  useDocumentTitle('Page not found');
  return (
    <Container size="sm" className={classes.wrap}>
      <IconCompass size={56} stroke={1.5} aria-hidden="true" className={classes.icon} />
      <Text className={classes.code} aria-hidden="true">
        404
      </Text>
      <Title order={1} fz={{ base: 26, sm: 32 }}>
        Page not found
      </Title>
      <Text c="dimmed" size="lg" mt="sm" maw={480} mx="auto">
        {message ?? 'There is nothing at this address. It may have moved, or the link may be mistyped.'}
      </Text>
      <Group justify="center" mt="xl">
        <Button component={Link} to="/">
          Go to the home page
        </Button>
      </Group>
    </Container>
  );
}
