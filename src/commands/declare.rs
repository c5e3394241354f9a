//! The macros behind the declared lists in mod.rs. One entry generates everything that must
//! stay in step: the name, the dispatch arm, and the TypeScript map entry.

/// `name(Request) -> Response = handler;` for each command.
macro_rules! declare_commands {
    ($( $(#[doc = $doc:literal])* $name:ident($request:ty) -> $response:ty = $handler:path; )*) => {
        /// The name of every declared command, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Runs the command `command` with its JSON `request` and returns its JSON response.
        pub async fn dispatch(
            workspace: &Workspace,
            command: &str,
            request: serde_json::Value,
        ) -> Result<serde_json::Value, CommandError> {
            match command {
                $(stringify!($name) => {
                    let request: $request = decode_request(command, request)?;
                    let response: $response = $handler(workspace, request).await?;
                    encode_response(command, &response)
                })*
                other => Err(CommandError::unknown_command(other)),
            }
        }

        /// The declared commands, for the TypeScript bindings.
        pub(crate) fn declared_commands() -> Vec<$crate::commands::bindings::Declared> {
            vec![$(
                $crate::commands::bindings::Declared::command::<$request, $response>(
                    stringify!($name),
                    &[$($doc),*],
                )
            ),*]
        }
    };
}

/// `name: Payload;` for each core→UI event.
macro_rules! declare_events {
    ($( $(#[doc = $doc:literal])* $name:ident: $payload:ty; )*) => {
        $(impl $crate::commands::events::Event for $payload {
            const NAME: &'static str = stringify!($name);
        })*

        /// The name of every declared event, in declaration order.
        pub const EVENT_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The declared events, for the TypeScript bindings.
        pub(crate) fn declared_events() -> Vec<$crate::commands::bindings::Declared> {
            vec![$(
                $crate::commands::bindings::Declared::event::<$payload>(
                    stringify!($name),
                    &[$($doc),*],
                )
            ),*]
        }
    };
}

pub(crate) use {declare_commands, declare_events};
