import { type MessageKey, useT } from "../../i18n";
import { displayCombo, SHORTCUT_GROUPS, SHORTCUTS, type ShortcutGroup } from "../../shortcuts";
import { Modal } from "./Modal";

const GROUP_LABEL: Record<ShortcutGroup, MessageKey> = {
  general: "help.group.general",
  views: "help.group.views",
  link: "help.group.link",
  transfers: "help.group.transfers",
  suggestions: "help.group.suggestions",
};

/** Every shortcut of the registry, by group. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <Modal title={t("help.title")} onClose={onClose} testId="help-overlay">
      {SHORTCUT_GROUPS.map((group) => {
        const entries = SHORTCUTS.filter((s): boolean => s.group === group);
        if (entries.length === 0) return null;
        return (
          <section key={group} className="help__group">
            <h3>{t(GROUP_LABEL[group])}</h3>
            <dl className="help__list">
              {entries.map((s) => (
                <div key={s.id} className="help__row" data-testid={`shortcut-${s.id}`}>
                  <dt>
                    {s.keys.map((combo) => (
                      <kbd key={combo}>{displayCombo(combo)}</kbd>
                    ))}
                  </dt>
                  <dd>{t(s.label)}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </Modal>
  );
}
