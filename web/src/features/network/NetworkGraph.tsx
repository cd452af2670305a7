import { useElementSize } from '@mantine/hooks';
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { NetworkTie } from '../../api/network';
import { initialsOf } from '../../lib/format';
import { CENTRE_RADIUS, fitToBox, layoutNetwork, nodeRadius } from './layout';
import { formatLongDate, tieDescription } from './describe';
import classes from './Network.module.css';
import { isFormerHandle } from '../../../../packages/rules';

interface NetworkGraphProps {
  me: { name: string };
  /** Every tie, in formation order: the layout is computed once for all of them, so the picture grows. */
  ties: NetworkTie[];
  /** The ties formed by the slider's date. */
  visible: NetworkTie[];
  asOf: Date;
}

/** Names are drawn beside the nodes while the picture is small enough to read them; else on focus or hover. */
const LABELS_UP_TO = 24;

function shortName(name: string): string {
  if (name.length <= 16) return name;
  const first = name.split(/\s+/)[0] ?? name;
  return first.length <= 16 ? first : `${first.slice(0, 15)}…`;
}

/**
 * The member in the centre and their ties around them, as SVG. The d3-force layout runs to a fixed number
 * of ticks before anything is drawn and nothing animates, so there is no motion to reduce; moving the slider
 * only shows or hides nodes that keep their places (the picture grows rather than reshuffles). Each
 * node is a link to the profile, focusable with Tab, and the arrow keys (and Home/End) move between nodes
 * in formation order.
 */
export function NetworkGraph({ me, ties, visible, asOf }: NetworkGraphProps) {
  const { ref, width } = useElementSize();
  const navigate = useNavigate();
  const nodeRefs = useRef(new Map<string, { focus: () => void }>());
  const [active, setActive] = useState<string | null>(null);

  const layout = useMemo(
    () => layoutNetwork(ties.map((t) => ({ id: t.id, weight: t.completedTogether }))),
    [ties],
  );
  const w = Math.max(280, Math.round(width) || 0);
  const h = w < 560 ? Math.round(w * 1.05) : Math.min(500, Math.round(w * 0.55));
  const points = useMemo(() => fitToBox(layout, w, h, 44), [layout, w, h]);
  const centre = points.get('__centre') ?? { x: w / 2, y: h / 2 };
  const showLabels = visible.length <= LABELS_UP_TO;

  const focusAt = (index: number) => {
    const tie = visible[(index + visible.length) % visible.length];
    if (tie) nodeRefs.current.get(tie.id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<Element>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: visible.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    focusAt(to);
  };
  const open = (event: MouseEvent<Element>, handle: string) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (isFormerHandle(handle)) return;
    void navigate(`/@${handle}`);
  };

  return (
    <div ref={ref}>
      {width > 0 && (
        <svg
          className={classes.svg}
          width={w}
          height={h}
          viewBox={`0 0 ${w} ${h}`}
          role="group"
          aria-label={`Your network on ${formatLongDate(asOf)}: ${visible.length} ${visible.length === 1 ? 'tie' : 'ties'}. Use Tab or the arrow keys to move between people, Enter to open a profile.`}
        >
          <g aria-hidden="true">
            {visible.map((tie) => {
              const p = points.get(tie.id);
              if (!p) return null;
              return (
                <line
                  key={tie.id}
                  x1={centre.x}
                  y1={centre.y}
                  x2={p.x}
                  y2={p.y}
                  className={`${classes.edge} ${tie.formedVia === 'engagement' ? classes.work : classes.noticed} ${active === tie.id ? classes.edgeActive : ''}`}
                />
              );
            })}
          </g>
          <g className={classes.centre} aria-hidden="true">
            <circle cx={centre.x} cy={centre.y} r={CENTRE_RADIUS} />
            <text x={centre.x} y={centre.y} textAnchor="middle" dominantBaseline="central">
              You
            </text>
          </g>
          {visible.map((tie, index) => {
            const p = points.get(tie.id);
            if (!p) return null;
            const r = nodeRadius(tie.completedTogether);
            const below = p.y >= centre.y;
            const labelled = showLabels || active === tie.id;
            return (
              <a
                key={tie.id}
                ref={(el) => {
                  if (el) nodeRefs.current.set(tie.id, el);
                  else nodeRefs.current.delete(tie.id);
                }}
                // A former member has no profile: the node stays focusable but links nowhere.
                href={isFormerHandle(tie.member.handle) ? undefined : `/@${tie.member.handle}`}
                tabIndex={isFormerHandle(tie.member.handle) ? 0 : undefined}
                aria-label={tieDescription(tie)}
                className={`${classes.node} ${tie.formedVia === 'engagement' ? classes.nodeWork : classes.nodeNoticed}`}
                data-testid="network-node"
                onClick={(e) => open(e, tie.member.handle)}
                onKeyDown={(e) => onKeyDown(e, index)}
                onFocus={() => setActive(tie.id)}
                onBlur={() => setActive((a) => (a === tie.id ? null : a))}
                onMouseEnter={() => setActive(tie.id)}
                onMouseLeave={() => setActive((a) => (a === tie.id ? null : a))}
              >
                <circle className={classes.ring} cx={p.x} cy={p.y} r={r + 5} />
                <circle className={classes.body} cx={p.x} cy={p.y} r={r} />
                {r >= 14 && (
                  <text
                    className={classes.initials}
                    x={p.x}
                    y={p.y}
                    textAnchor="middle"
                    dominantBaseline="central"
                  >
                    {initialsOf(tie.member.name)}
                  </text>
                )}
                {labelled && (
                  <text
                    className={classes.label}
                    x={p.x}
                    y={below ? p.y + r + 15 : p.y - r - 8}
                    textAnchor="middle"
                  >
                    {shortName(tie.member.name)}
                  </text>
                )}
              </a>
            );
          })}
          <text
            className={classes.label}
            x={centre.x}
            y={centre.y + CENTRE_RADIUS + 16}
            textAnchor="middle"
            aria-hidden="true"
          >
            {shortName(me.name)}
          </text>
        </svg>
      )}
    </div>
  );
}
