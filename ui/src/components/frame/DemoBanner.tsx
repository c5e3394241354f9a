import { useT } from "../../i18n";

/** Says that this is the demo workspace and offers to connect real accounts. */
export function DemoBanner({ onConnect }: { onConnect: () => void }) {
  const t = useT();
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <span>{t("banner.demo")}</span>
      <button type="button" data-testid="demo-connect" onClick={onConnect}>
        {t("banner.connect")}
      </button>
    </div>
  );
}
