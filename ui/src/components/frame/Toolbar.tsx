import { useT } from "../../i18n";
import { displayCombo, shortcut } from "../../shortcuts";
import type { ToolbarAction } from "./actions";
import { VIEWS, type ViewId } from "./views";

/** The top bar: one button per view, the toolbar actions, and help. */
export function Toolbar({
  view,
  onSelect,
  actions,
  onAction,
  onHelp,
}: {
  view: ViewId;
  onSelect: (view: ViewId) => void;
  actions: readonly ToolbarAction[];
  onAction: (action: ToolbarAction) => void;
  onHelp: () => void;
}) {
  const t = useT();
  return (
    <header className="toolbar">
      <span className="toolbar__brand">Shelflink</span>
      <nav className="toolbar__views" aria-label={t("frame.views")}>
        {VIEWS.map((entry) => {
          const combo = shortcut(entry.shortcut).keys[0];
          return (
            <button
              key={entry.id}
              type="button"
              className="toolbar__view"
              aria-current={entry.id === view ? "page" : undefined}
              title={combo ? `${t(entry.label)} (${displayCombo(combo)})` : t(entry.label)}
              data-testid={`view-${entry.id}`}
              onClick={() => onSelect(entry.id)}
            >
              {t(entry.label)}
            </button>
          );
        })}
      </nav>
      <span className="toolbar__spacer" />
      {actions.map((action) => (
        <button
          key={action.id}
          type="button"
          className="toolbar__action"
          data-testid={`action-${action.id}`}
          onClick={() => onAction(action)}
        >
          {t(action.label)}
        </button>
      ))}
      <button type="button" className="toolbar__action" data-testid="open-help" onClick={onHelp}>
        {t("frame.help")}
      </button>
    </header>
  );
}
