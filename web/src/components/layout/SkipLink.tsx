import classes from './SkipLink.module.css';

export function SkipLink({ targetId }: { targetId: string }) {
  return (
    <a
      className={classes.skip}
      href={`#${targetId}`}
      onClick={(event) => {
        event.preventDefault();
        const target = document.getElementById(targetId);
        target?.focus();
        target?.scrollIntoView();
      }}
    >
      Skip to content
    </a>
  );
}
