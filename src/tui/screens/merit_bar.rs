//! A merit profile as a horizontal stacked bar: one segment per grade, best
//! on the left, each cell showing the grade's key digit so the bar reads
//! without colour; the middle of the bar (the majority grade) is marked.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::welcome::grade_key;
use crate::tui::Theme;

/// `counts` best grade first. Cells are shared out by largest remainder so
/// the bar always has exactly `width` cells.
pub fn bar(counts_best_first: &[u64], width: usize, theme: &Theme) -> Line<'static> {
    let total: u64 = counts_best_first.iter().sum();
    if total == 0 || width == 0 {
        return Line::styled("·".repeat(width), theme.dim);
    }
    let n = counts_best_first.len();
    let exact: Vec<u128> = counts_best_first
        .iter()
        .map(|&c| u128::from(c) * width as u128)
        .collect();
    let mut cells: Vec<usize> = exact
        .iter()
        .map(|e| (e / u128::from(total)) as usize)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(exact[g] % u128::from(total)));
    let mut missing = width - cells.iter().sum::<usize>();
    for g in order {
        if missing == 0 {
            break;
        }
        if counts_best_first[g] > 0 {
            cells[g] += 1;
            missing -= 1;
        }
    }
    // One span per run of a grade (the middle cell gets its own marker span).
    let middle = width / 2;
    let mut spans = Vec::new();
    let mut at = 0;
    for (g, &len) in cells.iter().enumerate() {
        if len == 0 {
            continue;
        }
        let digit = grade_key(g);
        let style = theme.grade(g, n);
        let (start, end) = (at, at + len);
        if (start..end).contains(&middle) {
            if middle > start {
                spans.push(Span::styled(digit.repeat(middle - start), style));
            }
            spans.push(Span::styled("┃", style.add_modifier(Modifier::BOLD)));
            if end > middle + 1 {
                spans.push(Span::styled(digit.repeat(end - middle - 1), style));
            }
        } else {
            spans.push(Span::styled(digit.repeat(len), style));
        }
        at = end;
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn cells_are_proportional_and_fill_the_width() {
        let theme = Theme::monochrome();
        assert_eq!(text(&bar(&[1, 1, 2], 8, &theme)), "1122┃333");
        assert_eq!(text(&bar(&[1, 0, 2], 9, &theme)).chars().count(), 9);
        assert_eq!(text(&bar(&[0, 0, 0], 4, &theme)), "····");
    }
}
