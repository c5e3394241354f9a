import type { SuggestionView } from "../../bindings/SuggestionView";
import { useLocale, useT } from "../../i18n";

/** One proposed link. */
export function SuggestionRow({
  suggestion: s,
  selected,
  refused,
  busy,
  onToggle,
  onAccept,
  onReject,
}: {
  suggestion: SuggestionView;
  selected: boolean;
  refused: string | null;
  busy: boolean;
  onToggle: (s: SuggestionView) => void;
  onAccept: (s: SuggestionView) => void;
  onReject: (s: SuggestionView) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const id = `${s.asset}-${s.product}`;
  const percent = new Intl.NumberFormat(locale, { style: "percent" }).format(s.confidence);
  return (
    <tr data-testid={`suggestion-${id}`} aria-selected={selected}>
      <td>
        <input
          type="checkbox"
          aria-label={t("suggestions.select", { file: s.file_name, sku: s.sku })}
          checked={selected}
          data-testid={`suggestion-select-${id}`}
          onChange={() => onToggle(s)}
        />
      </td>
      <td>
        <span className="job__kind">{s.file_name}</span>
        <span className="job__summary">{s.asset}</span>
      </td>
      <td>
        <span className="job__kind">{s.sku}</span>
        <span className="job__summary">
          {s.product_name}
          {s.product_images === 0 ? ` · ${t("suggestions.firstImage")}` : ""}
        </span>
      </td>
      <td>
        <span className="job__kind">{t(`suggestions.rule.${s.rule}` as const)}</span>
        <span className="job__summary">{s.reason}</span>
        {refused ? (
          <span className="inline-error job__summary" role="alert" data-testid={`suggestion-refused-${id}`}>
            {refused}
          </span>
        ) : null}
      </td>
      <td data-testid={`suggestion-confidence-${id}`}>{percent}</td>
      <td className="job__actions">
        <button type="button" disabled={busy} data-testid={`suggestion-accept-${id}`} onClick={() => onAccept(s)}>
          {t("suggestions.accept")}
        </button>
        <button
          type="button"
          className="button--quiet"
          disabled={busy}
          data-testid={`suggestion-reject-${id}`}
          onClick={() => onReject(s)}
        >
          {t("suggestions.reject")}
        </button>
      </td>
    </tr>
  );
}
