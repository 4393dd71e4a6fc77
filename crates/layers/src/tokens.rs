//! A small Rust tokenizer: just enough to find paths. Comments (line, block, nested, doc) and
//! literals (strings, raw strings, byte strings, chars, numbers) are dropped, so text such as
//! `"crate::http"` in a string or `crate::http` in a doc comment is never mistaken for code.

/// One token that matters for paths, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub line: usize,
}

/// What a token is. Everything that is not an identifier or `::` is a single punctuation
/// character; literals and comments leave no token at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword (`crate`, `super`, `use`, `mod`, names), raw ones without `r#`.
    Ident(String),
    /// `::`
    PathSep,
    /// Any other punctuation character: `{`, `}`, `,`, `;`, `*`, `(`, ...
    Punct(char),
}

/// The tokens of `source`, without comments and literals.
pub fn tokenize(source: &str) -> Vec<Token> {
    Lexer {
        chars: source.chars().collect(),
        pos: 0,
        line: 1,
        out: Vec::new(),
    }
    .run()
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    out: Vec<Token>,
}

impl Lexer {
    fn run(mut self) -> Vec<Token> {
        while let Some(c) = self.peek(0) {
            let line = self.line;
            match c {
                '/' if self.peek(1) == Some('/') => self.line_comment(),
                '/' if self.peek(1) == Some('*') => self.block_comment(),
                '"' => self.string(),
                '\'' => self.quote(),
                ':' if self.peek(1) == Some(':') => {
                    self.bump();
                    self.bump();
                    self.push(Kind::PathSep, line);
                }
                c if c.is_ascii_digit() => self.number(),
                c if is_ident_start(c) => self.word(),
                c if c.is_whitespace() => self.bump(),
                c => {
                    self.bump();
                    self.push(Kind::Punct(c), line);
                }
            }
        }
        self.out
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    /// Moves past one character, counting lines.
    fn bump(&mut self) {
        if self.peek(0) == Some('\n') {
            self.line += 1;
        }
        self.pos += 1;
    }

    fn push(&mut self, kind: Kind, line: usize) {
        self.out.push(Token { kind, line });
    }

    fn line_comment(&mut self) {
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    /// `/* ... */`, which nest in Rust.
    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            if c == '/' && self.peek(1) == Some('*') {
                depth += 1;
                self.bump();
            } else if c == '*' && self.peek(1) == Some('/') {
                depth -= 1;
                self.bump();
                if depth == 0 {
                    self.bump();
                    return;
                }
            }
            self.bump();
        }
    }

    /// A `"..."` string with escapes; the opening quote is at `pos`.
    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.peek(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '"' => return,
                _ => {}
            }
        }
    }

    /// `r"..."`, `r#"..."#` and so on; `pos` is at the first `#` or the quote.
    fn raw_string(&mut self) {
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump(); // the opening quote
        while let Some(c) = self.peek(0) {
            self.bump();
            if c == '"' && (0..hashes).all(|i| self.peek(i) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return;
            }
        }
    }

    /// A char literal (`'a'`, `'{'`, `'\''`, `'\u{1F600}'`) or a lifetime or label (`'a`).
    fn quote(&mut self) {
        // `'\n'`, `'\u{..}'`, or one character and the closing quote.
        let is_char = matches!(
            (self.peek(1), self.peek(2)),
            (Some('\\'), _) | (Some(_), Some('\''))
        );
        if !is_char {
            // A lifetime: the quote goes, the name that follows is an ordinary identifier.
            self.bump();
            return;
        }
        self.bump();
        while let Some(c) = self.peek(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '\'' => return,
                _ => {}
            }
        }
    }

    /// Digits, suffixes and a fraction: `1`, `0x1f`, `1_000u64`, `1.5e3`. Not `1..2`.
    fn number(&mut self) {
        while let Some(c) = self.peek(0) {
            let fraction = c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit());
            if is_ident_continue(c) || fraction {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// An identifier, or the prefix of a literal: `r"..."`, `r#"..."#`, `b"..."`, `br"..."`,
    /// `b'x'`, `c"..."`, `cr#"..."#`; `r#name` is the identifier `name`.
    fn word(&mut self) {
        let line = self.line;
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident_continue) {
            self.bump();
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        let next = self.peek(0);
        match (word.as_str(), next) {
            ("b" | "c", Some('"')) => self.string(),
            ("b", Some('\'')) => self.quote(),
            ("r" | "br" | "cr", Some('"')) => self.raw_string(),
            ("r" | "br" | "cr", Some('#'))
                if matches!(self.peek(1), Some('"' | '#')) || word != "r" =>
            {
                self.raw_string()
            }
            ("r", Some('#')) => {
                self.bump();
                let start = self.pos;
                while self.peek(0).is_some_and(is_ident_continue) {
                    self.bump();
                }
                let raw: String = self.chars[start..self.pos].iter().collect();
                self.push(Kind::Ident(raw), line);
            }
            _ => self.push(Kind::Ident(word), line),
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::{tokenize, Kind};

    fn idents(source: &str) -> Vec<String> {
        tokenize(source)
            .into_iter()
            .filter_map(|t| match t.kind {
                Kind::Ident(name) => Some(name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_of_every_kind_leave_nothing() {
        let source = "a // crate::http\n/// crate::http\n//! crate::http\n\
                      /* crate /* nested */ http */ b /** doc */ c";
        assert_eq!(idents(source), ["a", "b", "c"]);
    }

    #[test]
    fn literals_leave_nothing() {
        let source = r####"a "crate::http \" still" b r#"crate::http "quoted""# c
            br"x" d b"y\"" e '{' f '\'' g '\u{7B}' h b'}' i c"z" j 1.5e3 k"####;
        assert_eq!(
            idents(source),
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
        );
    }

    #[test]
    fn lifetimes_and_raw_identifiers_are_identifiers() {
        assert_eq!(
            idents("fn f<'a>(x: &'a r#type) {}"),
            ["fn", "f", "a", "x", "a", "type"]
        );
    }

    #[test]
    fn lines_are_counted_through_skipped_text() {
        let tokens = tokenize("/* one\ntwo */ \"three\nfour\" x\n// five\ny");
        let lines: Vec<usize> = tokens.iter().map(|t| t.line).collect();
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn path_separators_are_one_token() {
        let kinds: Vec<Kind> = tokenize("a::b").into_iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Ident("a".into()),
                Kind::PathSep,
                Kind::Ident("b".into())
            ]
        );
    }
}
