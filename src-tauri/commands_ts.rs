//! Keeps the UI's typed command functions (`ui/src/lib/backend/commands.ts`, committed so the UI
//! builds without Rust) equal to what the build script generates from the commands.

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn commands_ts_is_up_to_date() {
        let want = include_str!(concat!(env!("OUT_DIR"), "/commands.ts"));
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/backend/commands.ts");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, want).expect("write commands.ts");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/lib/backend/commands.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p rushes --lib`"
        );
    }
}

/// The generator itself, on inputs of its own.
#[cfg(test)]
#[path = "codegen/commands.rs"]
mod codegen;

#[cfg(test)]
mod codegen_tests {
    use std::path::PathBuf;

    use super::codegen::{capability, handlers, scan, typescript};

    fn scan_source(source: &str) -> Result<Vec<super::codegen::Command>, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("some_commands.rs"), source).unwrap();
        scan(dir.path())
    }

    #[test]
    fn every_command_of_the_app_is_registered_and_granted() {
        let found = scan(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri")).unwrap();
        assert!(found.len() > 50, "found {}", found.len());
        let (list, grant) = (handlers(&found), capability(&found));
        for c in &found {
            assert!(list.contains(&format!("crate::{}::{},", c.module, c.name)));
            assert!(grant.contains(&format!("\"allow-{}\"", c.name.replace('_', "-"))));
        }
        let committed = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/main.json"),
        )
        .unwrap();
        assert_eq!(
            committed, grant,
            "capabilities/main.json is written by the build script"
        );
    }

    #[test]
    fn a_command_must_take_its_arguments_in_snake_case() {
        let err = scan_source(
            "#[tauri::command]\npub async fn go(project_id: i64) -> CmdResult<()> { Ok(()) }",
        )
        .unwrap_err();
        assert!(
            err.contains("`go` must be #[tauri::command(rename_all = \"snake_case\")]"),
            "{err}"
        );
    }

    #[test]
    fn types_are_spelled_as_serde_sends_them_and_injected_ones_left_out() {
        let found = scan_source(
            r#"
            /// Does it.
            #[tauri::command(rename_all = "snake_case")]
            pub async fn go(
                state: State<'_, ShellState>,
                app: AppHandle,
                ids: Vec<Id>,
                maybe: Option<Vec<Option<String>>>,
                tags: BTreeMap<String, Option<String>>,
                query: ListQuery,
            ) -> CmdResult<Page<File>> { todo!() }

            #[tauri::command(rename_all = "snake_case")]
            pub fn plain() -> Settings { todo!() }

            pub fn not_a_command(x: Weird) {}
            "#,
        )
        .unwrap();
        let ts = typescript(&found);
        assert!(
            ts.contains("import type { File, ListQuery, Page, Settings } from '../api-types';"),
            "{ts}"
        );
        assert!(
            ts.contains(
                "  /** Does it. */\n  go: (args: { ids: readonly number[]; maybe: readonly (string | null)[] | null; \
                 tags: Record<string, string | null>; query: ListQuery }) => call<Page<File>>('go', args),"
            ),
            "{ts}"
        );
        assert!(
            ts.contains("  plain: () => call<Settings>('plain'),"),
            "{ts}"
        );
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn a_type_without_a_typescript_spelling_is_an_error() {
        let err = scan_source(
            "#[tauri::command(rename_all = \"snake_case\")]\npub fn go(x: (u8, u8)) -> CmdResult<()> { Ok(()) }",
        )
        .unwrap_err();
        assert!(err.contains("`go`"), "{err}");
    }
}
