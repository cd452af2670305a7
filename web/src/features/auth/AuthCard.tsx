import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LogoMark } from '../../components/LogoMark';

interface AuthCardProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** The narrow, centred card used by the sign-in, sign-up and password pages. */
export function AuthCard({ title, description, children, footer }: AuthCardProps) {
  return (
    <Container size={480} px="md">
      <Stack gap="lg">
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 36 }} bg="var(--app-surface)">
          <Stack gap="lg">
            <Stack gap={8}>
              <LogoMark size={36} />
              <Title order={1} fz={28} mt={4}>
                {title}
              </Title>
              {description && <Text c="dimmed">{description}</Text>}
            </Stack>
            {children}
          </Stack>
        </Paper>
        {footer && (
          <Text ta="center" size="sm">
            {footer}
          </Text>
        )}
      </Stack>
    </Container>
  );
}
