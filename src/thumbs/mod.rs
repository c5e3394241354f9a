//! Thumbnails: the content-addressed disk store and the local decode/resize pipeline.

pub mod error;
pub mod pipeline;

pub use error::ThumbError;
