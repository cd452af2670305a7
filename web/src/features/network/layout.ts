import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceRadial,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';

/** How many ticks the layout runs before anything is drawn: the picture never moves on its own. */
export const LAYOUT_TICKS = 300;

export interface LayoutInput {
  id: string;
  /** Completed engagements together: the node's size. */
  weight: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The radius (px) of a tie's node: 9 with no work together, 16 with one, 20 with two, … capped at 26. */
export function nodeRadius(weight: number): number {
  return Math.min(26, 9 + 7 * Math.log2(1 + Math.max(0, weight)));
}

export const CENTRE_RADIUS = 26;

interface Node extends SimulationNodeDatum {
  id: string;
  r: number;
}

/**
 * Positions for the member (at 0, 0) and each tie around them, in unitless layout space: a d3-force
 * simulation (links to the centre, repulsion, collision by radius plus room for a label) run to a fixed
 * number of ticks, synchronously. d3-force seeds its own random source, so the same ties give the same
 * picture every time.
 */
export function layoutNetwork(ties: LayoutInput[]): Map<string, Point> {
  const centre: Node = { id: '__centre', r: CENTRE_RADIUS, fx: 0, fy: 0 };
  const nodes: Node[] = [centre, ...ties.map((t) => ({ id: t.id, r: nodeRadius(t.weight) }))];
  const links: SimulationLinkDatum<Node>[] = ties.map((t) => ({ source: '__centre', target: t.id }));
  const ring = 90 + 14 * Math.sqrt(ties.length);
  const simulation = forceSimulation(nodes)
    .force(
      'link',
      forceLink<Node, SimulationLinkDatum<Node>>(links)
        .id((n) => n.id)
        .distance(ring)
        .strength(0.25),
    )
    .force('charge', forceManyBody<Node>().strength(-90))
    .force('radial', forceRadial<Node>(ring, 0, 0).strength(0.08))
    .force(
      'collide',
      forceCollide<Node>((n) => n.r + 18),
    )
    .stop();
  simulation.tick(LAYOUT_TICKS);
  return new Map(nodes.map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
}

/**
 * Fits layout points into a width × height box with `pad` px on every side, keeping the aspect ratio and the
 * centre in the middle (so the member stays centred), never enlarging beyond 1.4×.
 */
export function fitToBox(points: Map<string, Point>, width: number, height: number, pad: number) {
  let extentX = 1;
  let extentY = 1;
  for (const p of points.values()) {
    extentX = Math.max(extentX, Math.abs(p.x));
    extentY = Math.max(extentY, Math.abs(p.y));
  }
  const scale = Math.min((width / 2 - pad) / extentX, (height / 2 - pad) / extentY, 1.4);
  const out = new Map<string, Point>();
  for (const [id, p] of points) out.set(id, { x: width / 2 + p.x * scale, y: height / 2 + p.y * scale });
  return out;
}
