//! The minutes as CSV: one row per project, for spreadsheets.

use super::Minutes;

impl Minutes {
    /// One row per project, ranking order; grade columns worst first.
    pub fn to_csv(&self) -> String {
        let this = self.escaped();
        let this = &this;
        let mut out = String::from("rank,id,name,majority_grade,selected,tied,to_discuss");
        for g in this.grades.iter().rev() {
            out.push(',');
            out.push_str(&csv_field(&format!("count:{g}")));
        }
        out.push('\n');
        for p in &this.projects {
            out.push_str(&format!(
                "{},{},{},{},{},{},{}",
                p.rank,
                csv_field(&p.id),
                csv_field(&p.name),
                csv_field(p.majority_grade.as_deref().unwrap_or("")),
                p.selected,
                p.tied,
                p.to_discuss
            ));
            for c in &p.grade_counts {
                out.push_str(&format!(",{c}"));
            }
            out.push('\n');
        }
        out
    }
}

/// RFC 4180: quote fields holding a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("vikidia"), "vikidia");
        assert_eq!(csv_field("Réparer, pas jeter"), "\"Réparer, pas jeter\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
