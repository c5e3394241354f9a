import { type KeyboardEvent, type PointerEvent, type ReactNode, useCallback, useRef, useState } from "react";
import { useT } from "../../i18n";

export const SPLIT_KEY = "shelflink.split.link";
const MIN = 20;
const MAX = 80;

const clamp = (value: number) => Math.min(MAX, Math.max(MIN, Math.round(value * 10) / 10));

function stored(): number {
  const value = Number(globalThis.localStorage?.getItem(SPLIT_KEY));
  return Number.isFinite(value) && value >= MIN && value <= MAX ? value : 50;
}

/** The two panes side by side with a separator to drag (or move with the arrow keys);
 * the left pane's share of the width is remembered. */
export function SplitPanes({ left, right }: { left: ReactNode; right: ReactNode }) {
  const t = useT();
  const [share, setShare] = useState(stored);
  const main = useRef<HTMLElement>(null);
  const dragging = useRef(false);

  const commit = useCallback((value: number) => {
    const next = clamp(value);
    setShare(next);
    globalThis.localStorage?.setItem(SPLIT_KEY, String(next));
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const box = main.current?.getBoundingClientRect();
    if (!dragging.current || !box || box.width === 0) return;
    commit(((event.clientX - box.left) / box.width) * 100);
  };
  const onPointerUp = () => {
    dragging.current = false;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 10 : 2;
    if (event.key === "ArrowLeft") commit(share - step);
    else if (event.key === "ArrowRight") commit(share + step);
    else if (event.key === "Home") commit(MIN);
    else if (event.key === "End") commit(MAX);
    else return;
    event.preventDefault();
  };

  return (
    <main ref={main} className="panes" style={{ gridTemplateColumns: `${share}% 5px 1fr` }}>
      {left}
      <div
        className="panes__separator"
        role="separator"
        aria-orientation="vertical"
        aria-label={t("frame.resize")}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={share}
        tabIndex={0}
        data-testid="pane-separator"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      />
      {right}
    </main>
  );
}
