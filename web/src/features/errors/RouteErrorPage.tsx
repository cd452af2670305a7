import { Button, Container, Group, Text, Title } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useRouteError } from 'react-router';
import classes from './ErrorPages.module.css';

/** Last resort when a page fails to render: say so plainly and offer a way out. */
export function RouteErrorPage() {
  const error = useRouteError();
  useEffect(() => {
    console.error(error);
    document.title = 'Something went wrong';
  }, [error]);

  return (
    <main id="main">
      <Container size="sm" className={classes.wrap}>
        <IconBug size={56} stroke={1.5} aria-hidden="true" className={classes.icon} />
        <Title order={1} fz={{ base: 26, sm: 32 }}>
          Something went wrong
        </Title>
        <Text c="dimmed" size="lg" mt="sm">
          This page hit an unexpected problem. Reloading usually helps; if it keeps happening, tell the people
          who run this instance.
        </Text>
        <Group justify="center" mt="xl">
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button component="a" href="/" variant="default">
            Go to the home page
          </Button>
        </Group>
      </Container>
    </main>
  );
}
