//! A merit profile as an SVG bar: one segment per grade, best on the left,
//! the median marked; inline, so the page loads nothing.

use std::fmt::Write as _;

/// A colour per grade, best first: green through yellow to red, darker at
/// the ends so a grey print still tells them apart.
pub fn grade_colour(index: usize, grades: usize) -> String {
    let stops = [(0x1b, 0x6e, 0x3a), (0xe8, 0xc5, 0x47), (0xb7, 0x1c, 0x1c)];
    let t = if grades <= 1 {
        0.0
    } else {
        index as f64 / (grades - 1) as f64
    };
    let (a, b, u) = if t <= 0.5 {
        (stops[0], stops[1], t * 2.0)
    } else {
        (stops[1], stops[2], (t - 0.5) * 2.0)
    };
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * u).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// The merit profile as a bar: one segment per grade, best on the left,
/// and the median marked.
pub fn profile_svg(best_first: &[u64], grades: &[String]) -> String {
    let total: u64 = best_first.iter().sum();
    let mut svg = String::from(
        "<svg class=\"bar\" viewBox=\"0 0 200 14\" preserveAspectRatio=\"none\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"1\" width=\"200\" height=\"12\" fill=\"#eee\" stroke=\"#999\" stroke-width=\"0.5\"/></svg>");
        return svg;
    }
    let mut x = 0.0;
    for (g, &n) in best_first.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let w = 200.0 * n as f64 / total as f64;
        let _ = write!(
            svg,
            "<rect x=\"{x:.2}\" y=\"1\" width=\"{w:.2}\" height=\"12\" fill=\"{}\"><title>{} : {n}</title></rect>",
            grade_colour(g, grades.len()),
            grades.get(g).map(String::as_str).unwrap_or("")
        );
        x += w;
    }
    svg.push_str(
        "<line x1=\"100\" y1=\"0\" x2=\"100\" y2=\"14\" stroke=\"#000\" stroke-width=\"1\"/></svg>",
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_green_to_red() {
        assert_eq!(grade_colour(0, 5), "#1b6e3a");
        assert_eq!(grade_colour(4, 5), "#b71c1c");
    }
}
