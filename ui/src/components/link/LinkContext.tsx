// What the two panes of the Link work area share: the selected images, the product picked
// as the link target, and a revision that moves whenever links changed (panes re-read).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { emptySelection, type Selection } from "./selection";
import { type Linking, useLinking } from "./useLinking";

/** A product as a link target (a row of the list or the open detail). */
export interface ProductTarget {
  id: string;
  sku: string | null;
  name: string;
  /** Links it has now (a new link goes last; the first one becomes the hero image). */
  links: number;
}

export interface LinkArea {
  selection: Selection;
  setSelection: (selection: Selection) => void;
  /** The image shown in the asset panel. */
  activeAsset: string | null;
  setActiveAsset: (id: string | null) => void;
  /** The product whose detail is open. */
  openProduct: string | null;
  setOpenProduct: (id: string | null) => void;
  /** Where the keyboard link (`L`) goes: the focused row, else the open product. */
  target: ProductTarget | null;
  setTarget: (target: ProductTarget | null) => void;
  /** Moves when links changed, so the panes read them again. */
  revision: number;
  changed: () => void;
  /** Link, undo, and what the last of them did. */
  linking: Linking;
}

const Context = createContext<LinkArea | null>(null);

export function LinkAreaProvider({ children }: { children: ReactNode }) {
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [activeAsset, setActiveAsset] = useState<string | null>(null);
  const [openProduct, setOpenProduct] = useState<string | null>(null);
  const [target, setTarget] = useState<ProductTarget | null>(null);
  const [revision, setRevision] = useState(0);
  const changed = useCallback(() => setRevision((n) => n + 1), []);
  const linking = useLinking(changed);
  const value = useMemo(
    () => ({
      selection,
      setSelection,
      activeAsset,
      setActiveAsset,
      openProduct,
      setOpenProduct,
      target,
      setTarget,
      revision,
      changed,
      linking,
    }),
    [selection, activeAsset, openProduct, target, revision, changed, linking],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLinkArea(): LinkArea {
  const area = useContext(Context);
  if (!area) throw new Error("useLinkArea needs a <LinkAreaProvider> above it");
  return area;
}
