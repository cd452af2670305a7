import { NavLink } from 'react-router';
import classes from './search.module.css';

/** Work or people: two views of one search, each a link that keeps the words typed. */
export function SearchTabs({ q }: { q: string }) {
  const suffix = q ? `?q=${encodeURIComponent(q)}` : '';
  return (
    <nav aria-label="What to search" className={classes.tabs}>
      <NavLink to={`/search${suffix}`} end className={classes.tab}>
        Work
      </NavLink>
      <NavLink to={`/search/people${suffix}`} className={classes.tab}>
        People
      </NavLink>
    </nav>
  );
}
