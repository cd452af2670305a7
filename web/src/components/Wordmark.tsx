import { Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { LogoMark } from './LogoMark';
import classes from './Wordmark.module.css';

interface WordmarkProps {
  name: string;
}

/** The instance name with the Slipstream mark; links home. */
export function Wordmark({ name }: WordmarkProps) {
  return (
    <UnstyledButton component={Link} to="/" className={classes.wordmark}>
      <Group gap={10} wrap="nowrap">
        <LogoMark />
        <Text component="span" fw={750} fz={{ base: 'lg', sm: 'xl' }} className={classes.name}>
          {name}
        </Text>
      </Group>
    </UnstyledButton>
  );
}
