//! Version groups: found by a file-name rule or made by hand; one version is current.
