// Toolbar actions that open a dialog over the current view (catalog export, share, …).
// Adding one is one entry here: its label, optional shortcut, and the dialog component,
// which gets `onClose`.
import { type ComponentType, lazy } from "react";
import type { MessageKey } from "../../i18n";

// The dialogs' code loads when one is first opened (nothing of it is on the first screen);
// App renders the open one inside a Suspense.
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
  { id: "export", label: "export.title", Dialog: ({ onClose }) => <ExportDialog open onClose={onClose} /> },
  { id: "share", label: "share.title", Dialog: ({ onClose }) => <ShareDialog open onClose={onClose} /> },
];
