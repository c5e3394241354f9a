import { useEffect, useRef } from "react";

/** Calls `reload` whenever `revision` (the Link area's change counter) moves. */
export function useRevision(revision: number, reload: () => void) {
  const first = useRef(revision);
  useEffect(() => {
    if (revision !== first.current) reload();
  }, [revision, reload]);
}
