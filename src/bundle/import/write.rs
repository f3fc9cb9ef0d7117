//! The bundle written out: a comment naming the sheet and its SHA-256, then
//! the template's fields and the imported projects, in one fixed layout.
//! Nothing in it depends on the sheet's format, so the same rows give the
//! same bytes below the comment from CSV, XLSX or ODS.

use std::collections::BTreeMap;

use crate::bundle::{Ballots, Bundle, Method};

/// A RON string literal: quotes, backslashes, line breaks and tabs escaped;
/// everything else (accents, emoji) as it is.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Out {
    text: String,
    depth: usize,
}

impl Out {
    fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn field(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}: {},", string(value)));
    }

    fn open(&mut self, line: &str) {
        self.line(line);
        self.depth += 1;
    }

    fn close(&mut self, line: &str) {
        self.depth -= 1;
        self.line(line);
    }

    /// `translations: { "en": (…), },` with `fields` written inside each.
    fn translations<T>(&mut self, map: &BTreeMap<String, T>, fields: impl Fn(&mut Self, &T)) {
        if map.is_empty() {
            return;
        }
        self.open("translations: {");
        for (language, text) in map {
            self.open(&format!("{}: (", string(language)));
            fields(self, text);
            self.close("),");
        }
        self.close("},");
    }
}

/// The bundle's text. `source` names the sheet in the comment at the top.
pub fn render(bundle: &Bundle, source_comment: &[String]) -> String {
    let mut o = Out {
        text: String::new(),
        depth: 0,
    };
    for line in source_comment {
        o.line(&format!("// {line}"));
    }
    o.open("(");
    o.field("title", &bundle.title);
    o.field("date", &bundle.date);
    o.field("place", &bundle.place);
    o.field("language", &bundle.language);
    o.line(&format!("max_laureates: {},", bundle.max_laureates));
    if let Some(q) = bundle.quorum {
        o.line(&format!("quorum: {q},"));
    }
    o.line(match bundle.ballots {
        Ballots::Secret => "ballots: Secret,",
        Ballots::Open => "ballots: Open,",
    });
    o.line(match bundle.method {
        Method::MajorityJudgment => "method: MajorityJudgment,",
        Method::WeightedMean => "method: WeightedMean,",
    });
    if let Some(signer) = &bundle.signer {
        o.field("signer", signer);
    }
    o.open("criteria: [");
    for c in &bundle.criteria {
        o.open("(");
        o.field("id", &c.id);
        o.field("label", &c.label);
        if let Some(short) = &c.short {
            o.field("short", short);
        }
        o.field("explanation", &c.explanation);
        o.line(&format!("weight: {},", c.weight));
        o.translations(&c.translations, |o, t| {
            o.field("label", &t.label);
            if let Some(short) = &t.short {
                o.field("short", short);
            }
            o.field("explanation", &t.explanation);
        });
        o.close("),");
    }
    o.close("],");
    o.open("grades: [");
    for g in &bundle.grades {
        o.open("(");
        o.field("label", &g.label);
        o.field("meaning", &g.meaning);
        o.translations(&g.translations, |o, t| {
            o.field("label", &t.label);
            o.field("meaning", &t.meaning);
        });
        o.close("),");
    }
    o.close("],");
    o.open("jurors: [");
    for j in &bundle.jurors {
        match &j.name {
            Some(name) => o.line(&format!(
                "(seat: {}, name: {}),",
                string(&j.seat),
                string(name)
            )),
            None => o.line(&format!("(seat: {}),", string(&j.seat))),
        }
    }
    o.close("],");
    o.open("projects: [");
    for p in &bundle.projects {
        o.open("(");
        o.field("id", &p.id);
        o.field("name", &p.name);
        o.field("aim", &p.aim);
        o.field("proposal", &p.proposal);
        if !p.complements.is_empty() {
            o.field("complements", &p.complements);
        }
        if !p.partners.is_empty() {
            let list: Vec<String> = p.partners.iter().map(|x| string(x)).collect();
            o.line(&format!("partners: [{}],", list.join(", ")));
        }
        if let Some(website) = &p.website {
            o.field("website", website);
        }
        if !p.category.is_empty() {
            o.field("category", &p.category);
        }
        o.translations(&p.translations, |o, t| {
            o.field("name", &t.name);
            o.field("aim", &t.aim);
            o.field("proposal", &t.proposal);
            if let Some(complements) = &t.complements {
                o.field("complements", complements);
            }
            if let Some(category) = &t.category {
                o.field("category", category);
            }
        });
        o.close("),");
    }
    o.close("],");
    o.close(")");
    o.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_ron() {
        assert_eq!(string("a \"b\" \\ c\nd\te"), r#""a \"b\" \\ c\nd\te""#);
        assert_eq!(string("Boîtes 📚"), "\"Boîtes 📚\"");
    }

    #[test]
    fn the_demo_round_trips() {
        let demo = crate::bundle::demo();
        let text = render(&demo.bundle, &["test".into()]);
        let again = crate::bundle::parse("again", text.as_bytes()).expect("valid");
        assert_eq!(render(&again.bundle, &["test".into()]), text);
        assert_eq!(again.bundle.projects.len(), demo.bundle.projects.len());
    }
}
