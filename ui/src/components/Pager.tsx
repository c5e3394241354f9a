import { useT } from "../i18n";

/** Previous / next through a list shown `size` rows at a time, with the range shown; nothing
 * while one page holds everything. */
export function Pager({
  total,
  offset,
  size,
  onOffset,
  label,
  nextTestId,
}: {
  total: number;
  offset: number;
  size: number;
  onOffset: (offset: number) => void;
  label: string;
  nextTestId?: string;
}) {
  const t = useT();
  if (total <= size) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
        {t("pager.previous")}
      </button>
      <span>{t("pager.range", { from: offset + 1, to: Math.min(offset + size, total), total })}</span>
      <button
        type="button"
        data-testid={nextTestId}
        disabled={offset + size >= total}
        onClick={() => onOffset(offset + size)}
      >
        {t("pager.next")}
      </button>
    </nav>
  );
}
