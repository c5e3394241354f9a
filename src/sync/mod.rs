//! Full and incremental sync of both systems into the cache.
