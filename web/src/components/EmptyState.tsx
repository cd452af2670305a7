import { Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

/** A friendly explanation where a list has nothing in it yet, and what to do about it. */
export function EmptyState({ icon, title, children, action }: EmptyStateProps) {
  return (
    <Paper withBorder p="xl" bg="var(--app-surface)" style={{ borderStyle: 'dashed' }}>
      <Stack align="center" gap="xs" ta="center" maw={460} mx="auto">
        <ThemeIcon size={48} radius="xl" variant="light" color="stream" aria-hidden="true">
          {icon}
        </ThemeIcon>
        <Text fw={650} size="lg">
          {title}
        </Text>
        {children && (
          <Text c="dimmed" size="sm">
            {children}
          </Text>
        )}
        {action && <div style={{ marginTop: 8 }}>{action}</div>}
      </Stack>
    </Paper>
  );
}
