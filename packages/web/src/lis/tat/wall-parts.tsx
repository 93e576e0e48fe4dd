import type { ReactNode } from 'react';

/** A status tile of the wall: the count in very large type, red when it calls for attention. */
export function WallTile({ label, value, alert = false }: { label: string; value: number; alert?: boolean }) {
  return (
    <div className={`mu-wall__tile${alert ? ' mu-wall__tile--alert' : ''}`}>
      <div className="mu-wall__tile-value">{value}</div>
      <div className="mu-wall__tile-label">{label}</div>
    </div>
  );
}

/** A framed panel of the wall with its heading. */
export function WallPanel({ title, alert = false, children }: { title: string; alert?: boolean; children: ReactNode }) {
  return (
    <section className={`mu-wall__panel${alert ? ' mu-wall__panel--alert' : ''}`}>
      <h2 className="mu-wall__panel-title">{title}</h2>
      {children}
    </section>
  );
}
