import { useEffect, useRef, useState, type RefObject } from 'react';

export interface CropRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
type Corner = 'tl' | 'tr' | 'bl' | 'br';

const HANDLE = 14;
const MIN = 0.05;

/** Four draggable corners over the page image; fractions of the image, so they survive zoom. */
export function CropOverlay({ image, rect, onChange }: { image: RefObject<HTMLImageElement | null>; rect: CropRect; onChange: (r: CropRect) => void }) {
  const [dragging, setDragging] = useState<Corner | null>(null);
  const latest = useRef(rect);
  latest.current = rect;

  useEffect(() => {
    if (!dragging) return;
    const onMove = (e: PointerEvent) => {
      const box = image.current?.getBoundingClientRect();
      if (!box || box.width === 0) return;
      const x = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
      const y = Math.min(1, Math.max(0, (e.clientY - box.top) / box.height));
      const r = { ...latest.current };
      if (dragging === 'tl' || dragging === 'bl') r.left = Math.min(x, r.right - MIN);
      else r.right = Math.max(x, r.left + MIN);
      if (dragging === 'tl' || dragging === 'tr') r.top = Math.min(y, r.bottom - MIN);
      else r.bottom = Math.max(y, r.top + MIN);
      onChange(r);
    };
    const onUp = () => setDragging(null);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
  }, [dragging, image, onChange]);

  const pct = (v: number) => `${v * 100}%`;
  const corners: Array<[Corner, number, number]> = [
    ['tl', rect.left, rect.top],
    ['tr', rect.right, rect.top],
    ['bl', rect.left, rect.bottom],
    ['br', rect.right, rect.bottom],
  ];
  return (
    <div style={{ position: 'absolute', inset: 0 }} data-testid="crop-overlay">
      <div
        style={{
          position: 'absolute',
          left: pct(rect.left),
          top: pct(rect.top),
          width: pct(rect.right - rect.left),
          height: pct(rect.bottom - rect.top),
          outline: '2px solid #1677ff',
          boxShadow: '0 0 0 9999px rgba(0,0,0,0.35)',
          pointerEvents: 'none',
        }}
      />
      {corners.map(([c, x, y]) => (
        <div
          key={c}
          data-testid={`crop-${c}`}
          onPointerDown={(e) => {
            e.preventDefault();
            setDragging(c);
          }}
          style={{
            position: 'absolute',
            left: `calc(${pct(x)} - ${HANDLE / 2}px)`,
            top: `calc(${pct(y)} - ${HANDLE / 2}px)`,
            width: HANDLE,
            height: HANDLE,
            background: '#fff',
            border: '2px solid #1677ff',
            borderRadius: 3,
            cursor: c === 'tl' || c === 'br' ? 'nwse-resize' : 'nesw-resize',
            touchAction: 'none',
          }}
        />
      ))}
    </div>
  );
}
