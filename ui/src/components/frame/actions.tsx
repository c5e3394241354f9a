// Toolbar actions that open a dialog over the current view (catalog export, share, …).
// Adding one is one entry here: its label, optional shortcut, and the dialog component,
// which gets `onClose`.
import type { ComponentType } from "react";
import type { MessageKey } from "../../i18n";
import { ExportDialog } from "../export/ExportDialog";
import { ShareDialog } from "../export/ShareDialog";

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
