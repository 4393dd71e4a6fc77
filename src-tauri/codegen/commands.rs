//! Reads the app's Tauri commands from their one declaration — the `#[tauri::command]`
//! functions anywhere in `src-tauri/` — and writes everything else a command needs from it: the
//! handler list, the permission list, the main window's capability, and the UI's typed
//! TypeScript functions. Adding a command is then its Rust function and its use in the UI.
//!
//! Used by the build script only (it has no access to the crate's own code, so it reads the
//! source with `syn`).

use std::fmt::Write as _;
use std::path::Path;

use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

/// Parameters Tauri fills in itself: never sent by the UI.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// One `#[tauri::command]` function.
#[derive(Debug)]
pub struct Command {
    /// The module it is in (`transfers::commands`), for the handler's path.
    pub module: String,
    pub name: String,
    /// Its doc comment, for the TypeScript function's.
    pub doc: Vec<String>,
    /// The parameters the UI sends: name and TypeScript type.
    pub args: Vec<(String, String)>,
    /// What it answers, in TypeScript.
    pub returns: String,
}

/// Every command in the `.rs` files under `dir` (but not in `codegen/` or the build script), by
/// path then declaration order.
pub fn scan(dir: &Path) -> Result<Vec<Command>, String> {
    let mut files = Vec::new();
    sources(dir, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let module = module_path(dir, &path)?;
        for item in file.items {
            if let Item::Fn(f) = item {
                if let Some(cmd) = command(&module, &f)? {
                    out.push(cmd);
                }
            }
        }
    }
    Ok(out)
}

/// The `.rs` files under `dir`, recursively, without the generator and the build script.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            if !path.ends_with("codegen") {
                sources(&path, out)?;
            }
        } else if path.extension().is_some_and(|x| x == "rs") && !path.ends_with("build.rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The module a file is, from the crate root: `transfers/commands.rs` is `transfers::commands`,
/// `connections/mod.rs` is `connections`.
fn module_path(root: &Path, file: &Path) -> Result<String, String> {
    let rel = file
        .strip_prefix(root)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    Ok(parts.join("::"))
}

/// The command `f` declares, if it is one. Its arguments must cross the boundary in snake_case
/// (`#[tauri::command(rename_all = "snake_case")]`), the casing of every payload.
fn command(module: &str, f: &syn::ItemFn) -> Result<Option<Command>, String> {
    let Some(attr) = f.attrs.iter().find(|a| {
        let segs: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segs == ["tauri", "command"]
    }) else {
        return Ok(None);
    };
    let name = f.sig.ident.to_string();
    let snake = match &attr.meta {
        syn::Meta::List(list) => {
            list.tokens.to_string().replace(' ', "") == r#"rename_all="snake_case""#
        }
        _ => false,
    };
    if !snake {
        return Err(format!(
            "{module}: command `{name}` must be #[tauri::command(rename_all = \"snake_case\")]: \
             its arguments cross to the UI in the casing of every payload"
        ));
    }
    let doc = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else {
            return Err(format!("{module}: command `{name}` takes self"));
        };
        if is_injected(&arg.ty) {
            continue;
        }
        let syn::Pat::Ident(id) = &*arg.pat else {
            return Err(format!(
                "{module}.rs: command `{name}` has a pattern parameter"
            ));
        };
        args.push((
            id.ident.to_string(),
            ts(&arg.ty, Side::Sent).map_err(|e| format!("{module}: `{name}`: {e}"))?,
        ));
    }
    let returns = match &f.sig.output {
        ReturnType::Default => "void".to_owned(),
        ReturnType::Type(_, ty) => {
            ts(&answer(ty), Side::Answered).map_err(|e| format!("{module}: `{name}`: {e}"))?
        }
    };
    Ok(Some(Command {
        module: module.to_owned(),
        name,
        doc,
        args,
        returns,
    }))
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn is_injected(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str()))
}

/// `T` of `CmdResult<T>` or `Result<T, _>`: what the UI receives when the command succeeds.
fn answer(ty: &Type) -> Type {
    if let Some(seg) = last_segment(ty) {
        if seg.ident == "CmdResult" || seg.ident == "Result" {
            if let Some(inner) = generic(seg, 0) {
                return inner.clone();
            }
        }
    }
    ty.clone()
}

fn generic(seg: &syn::PathSegment, n: usize) -> Option<&Type> {
    let PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .nth(n)
}

/// Which way a type crosses: what the UI sends may be read-only on its side.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Sent,
    Answered,
}

/// The TypeScript spelling of a Rust type as serde sends it (wire types by their name, which
/// the generated `api-types.ts` exports).
fn ts(ty: &Type, side: Side) -> Result<String, String> {
    match ty {
        Type::Tuple(t) if t.elems.is_empty() => return Ok("void".into()),
        Type::Reference(r) => return ts(&r.elem, side),
        _ => {}
    }
    let seg = last_segment(ty).ok_or_else(|| "a parameter type that is not a path".to_owned())?;
    let inner = |n| {
        generic(seg, n)
            .ok_or_else(|| format!("`{}` without its type", seg.ident))
            .and_then(|t| ts(t, side))
    };
    Ok(match seg.ident.to_string().as_str() {
        "String" | "str" | "PathBuf" => "string".into(),
        "bool" => "boolean".into(),
        "Id" | "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
        | "f32" | "f64" => "number".into(),
        "Option" => format!("{} | null", inner(0)?),
        "Vec" => {
            let item = inner(0)?;
            let list = if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            };
            match side {
                Side::Sent => format!("readonly {list}"),
                Side::Answered => list,
            }
        }
        "HashMap" | "BTreeMap" => format!("Record<{}, {}>", inner(0)?, inner(1)?),
        name if name.starts_with(char::is_uppercase) => match &seg.arguments {
            PathArguments::None => name.to_owned(),
            _ => {
                let mut params = Vec::new();
                while let Some(t) = generic(seg, params.len()) {
                    params.push(ts(t, side)?);
                }
                format!("{name}<{}>", params.join(", "))
            }
        },
        other => return Err(format!("no TypeScript spelling for `{other}`")),
    })
}

/// `tauri::generate_handler![…]` with every command, for the app's builder to `include!`.
pub fn handlers(commands: &[Command]) -> String {
    let mut out = String::from("tauri::generate_handler![\n");
    for c in commands {
        let _ = writeln!(out, "    crate::{}::{},", c.module, c.name);
    }
    out.push(']');
    out
}

/// The main window's capability: every command of the app and the event listening the UI
/// needs, nothing else.
pub fn capability(commands: &[Command]) -> String {
    let mut permissions: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.name.replace('_', "-")))
        .collect();
    permissions.push("core:event:allow-listen".into());
    permissions.push("core:event:allow-unlisten".into());
    let list = permissions
        .iter()
        .map(|p| format!("    \"{p}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"$schema\": \"../../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"main\",\n  \
         \"description\": \"Generated from the #[tauri::command] functions by the build script; do not edit. \
         The main window may call the app's own commands and listen to its events, nothing else: the file dialog \
         and the notifications are driven from Rust, so the webview gets no dialog, notification or file-system \
         permission of its own.\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n{list}\n  ]\n}}\n"
    )
}

/// The UI's typed functions, one per command, under `commands`.
pub fn typescript(commands: &[Command]) -> String {
    let mut types: Vec<&str> = commands
        .iter()
        .flat_map(|c| {
            c.args
                .iter()
                .map(|(_, t)| t.as_str())
                .chain([c.returns.as_str()])
        })
        .flat_map(|t| t.split(|ch: char| !ch.is_alphanumeric() && ch != '_'))
        .filter(|w| w.starts_with(char::is_uppercase) && *w != "Record")
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut out = String::from(
        "// Generated from the #[tauri::command] functions in src-tauri/ by its build script. Do not edit:\n\
         // `UPDATE_BINDINGS=1 cargo test -p rushes --lib` rewrites it after a command changed.\n\n",
    );
    if !types.is_empty() {
        let _ = writeln!(
            out,
            "import type {{ {} }} from '../api-types';",
            types.join(", ")
        );
    }
    out.push_str("import { call } from './invoke';\n\n");
    out.push_str("/** The app's Tauri commands, by name, with the arguments each takes (in snake_case, as sent). */\n");
    out.push_str("export const commands = {\n");
    for c in commands {
        if !c.doc.is_empty() {
            let _ = writeln!(out, "  /** {} */", c.doc.join(" ").replace("*/", "* /"));
        }
        if c.args.is_empty() {
            let _ = writeln!(
                out,
                "  {}: () => call<{}>('{}'),",
                c.name, c.returns, c.name
            );
        } else {
            let fields = c
                .args
                .iter()
                .map(|(n, t)| format!("{n}: {t}"))
                .collect::<Vec<_>>()
                .join("; ");
            let _ = writeln!(
                out,
                "  {}: (args: {{ {fields} }}) => call<{}>('{}', args),",
                c.name, c.returns, c.name
            );
        }
    }
    out.push_str("} as const;\n");
    out
}
