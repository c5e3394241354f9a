// Toolbar actions that open a dialog over the current view (catalog export, share, …).
// Adding one is one entry here: its label, optional shortcut, and the dialog component,
// which gets `onClose`.
import { type ComponentType, lazy, Suspense } from "react";
import type { MessageKey } from "../../i18n";

// The dialogs' code loads when one is first opened (nothing of it is on the first screen).
const ExportDialog = lazy(() => import("../export/ExportDialog").then((m) => ({ default: m.ExportDialog })));
const ShareDialog = lazy(() => import("../export/ShareDialog").then((m) => ({ default: m.ShareDialog })));

export interface DialogProps {
  onClose: () => void;
}

export interface ToolbarAction {
  id: string;
  label: MessageKey;
  Dialog: ComponentType<DialogProps>;
}

export const TOOLBAR_ACTIONS: ToolbarAction[] = [
  {
    id: "export",
    label: "export.title",
    Dialog: ({ onClose }) => (
      <Suspense fallback={null}>
        <ExportDialog open onClose={onClose} />
      </Suspense>
    ),
  },
  {
    id: "share",
    label: "share.title",
    Dialog: ({ onClose }) => (
      <Suspense fallback={null}>
        <ShareDialog open onClose={onClose} />
      </Suspense>
    ),
  },
];
