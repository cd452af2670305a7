import { ActionIcon, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import classes from './HeaderSearch.module.css';

/**
 * The header's search: a box on wide screens, a link to the search page on phones. Signed out, a narrow
 * phone's bar has room only for the wordmark and the account links (`roomy={false}` hides the link there).
 */
export function HeaderSearch({ roomy = true }: { roomy?: boolean }) {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const words = q.trim();
    void navigate(words ? `/search?q=${encodeURIComponent(words)}` : '/search');
    setQ('');
  };
  return (
    <>
      <form role="search" onSubmit={submit} className={classes.form}>
        <TextInput
          type="search"
          aria-label="Search overflow"
          placeholder="Search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maxLength={500}
          size="sm"
          radius="xl"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          className={classes.input}
        />
      </form>
      <ActionIcon
        component={Link}
        to="/search"
        variant="subtle"
        color="gray"
        size={40}
        radius="xl"
        aria-label="Search"
        className={roomy ? classes.icon : `${classes.icon} ${classes.tight}`}
      >
        <IconSearch size={20} aria-hidden="true" />
      </ActionIcon>
    </>
  );
}
