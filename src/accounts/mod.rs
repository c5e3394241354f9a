//! Accounts (service, base URL, user, organization, field mapping) kept in the settings,
//! and their secrets kept only in the OS keyring behind the `SecretStore` trait.
