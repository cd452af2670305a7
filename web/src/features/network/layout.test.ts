import { describe, expect, it } from 'vitest';
import { fitToBox, layoutNetwork, nodeRadius } from './layout';

const ties = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, weight: i % 4 }));

describe('layoutNetwork', () => {
  it('keeps the member at the centre and gives every tie a finite position', () => {
    const points = layoutNetwork(ties);
    expect(points.get('__centre')).toEqual({ x: 0, y: 0 });
    for (const t of ties) {
      const p = points.get(t.id)!;
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(Math.hypot(p.x, p.y)).toBeGreaterThan(30);
    }
  });

  it('is deterministic', () => {
    expect([...layoutNetwork(ties)]).toEqual([...layoutNetwork(ties)]);
  });

  it('nodes do not overlap', () => {
    const points = layoutNetwork(ties);
    for (const a of ties)
      for (const b of ties) {
        if (a.id >= b.id) continue;
        const pa = points.get(a.id)!;
        const pb = points.get(b.id)!;
        expect(Math.hypot(pa.x - pb.x, pa.y - pb.y)).toBeGreaterThan(
          nodeRadius(a.weight) + nodeRadius(b.weight),
        );
      }
  });
});

describe('fitToBox', () => {
  it('fits inside the padding and keeps the centre in the middle', () => {
    const fitted = fitToBox(layoutNetwork(ties), 360, 300, 30);
    expect(fitted.get('__centre')).toEqual({ x: 180, y: 150 });
    for (const p of fitted.values()) {
      expect(p.x).toBeGreaterThanOrEqual(29.99);
      expect(p.x).toBeLessThanOrEqual(330.01);
      expect(p.y).toBeGreaterThanOrEqual(29.99);
      expect(p.y).toBeLessThanOrEqual(270.01);
    }
  });
});
