//! Usage rights: the model read from PhotoShelter records and local files, and the verdict,
//! a pure function of (rights, today, intended use).
