import { type ReactNode, useEffect, useRef } from "react";
import { useT } from "../../i18n";
import { useShortcut } from "../../shortcuts";

/** A dialog over the window: focus moves into it, Escape and the close button end it, and
 * focus returns where it was. */
export function Modal({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const t = useT();
  const close = useRef<HTMLButtonElement>(null);
  useShortcut("close", onClose);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="modal__header">
          <strong className="modal__title">{title}</strong>
          <button ref={close} type="button" className="button--quiet" onClick={onClose}>
            {t("frame.close")}
          </button>
        </div>
        <div className="modal__body">{children}</div>
      </div>
    </div>
  );
}
