//! Thumbnails: the content-addressed disk store and the local decode/resize pipeline.
