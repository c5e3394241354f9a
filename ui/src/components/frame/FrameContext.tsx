// What the frame offers the views inside it: which view shows, and a way to switch.
import { createContext, useContext } from "react";
import type { ViewId } from "./views";

export interface Frame {
  view: ViewId;
  openView: (view: ViewId) => void;
}

export const FrameContext = createContext<Frame>({ view: "link", openView: () => undefined });

/** The frame around the calling component (`openView("transfers")` switches the view). */
export function useFrame(): Frame {
  return useContext(FrameContext);
}
