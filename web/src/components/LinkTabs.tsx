import { NavLink } from 'react-router';
import classes from './LinkTabs.module.css';

export interface LinkTab {
  to: string;
  label: string;
  /** Only the exact path marks this tab current (for a tab whose path prefixes another's). */
  end?: boolean;
}

/** Views of one page as links (each with its own URL), underlined when current: search, insights. */
export function LinkTabs({ label, tabs }: { label: string; tabs: LinkTab[] }) {
  return (
    <nav aria-label={label} className={classes.tabs}>
      {tabs.map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end ?? false} className={classes.tab}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
