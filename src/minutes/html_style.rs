//! The procès-verbal's CSS: A4 pages numbered in their bottom margin
//! (`PAGE_WORD` and `OF_WORD` are replaced by the page's language), print
//! fonts, and the signature grid.

pub const STYLE: &str = r#"
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
  @bottom-center { content: "PAGE_WORD " counter(page) " OF_WORD " counter(pages); font: 8.5pt "DejaVu Sans", Arial, sans-serif; color: #444; } }
* { box-sizing: border-box; }
html { font: 10pt/1.38 "DejaVu Serif", "Liberation Serif", Georgia, serif; color: #000; background: #fff; }
body { margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 0.4pt solid #000; break-after: avoid; }
p, li { orphans: 3; widows: 3; }
h2 + p { break-after: avoid; }
.subtitle { font-size: 13pt; margin: 0 0 3mm; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 0.3pt solid #999; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { border-bottom: 0.6pt solid #000; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.bar { width: 38%; }
svg.bar { width: 100%; height: 3.6mm; display: block; }
.legend span { display: inline-block; margin-right: 3mm; white-space: nowrap; }
.legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.4mm; border: 0.2pt solid #000; }
.selected { font-weight: bold; }
.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt; word-spacing: 0.6mm; }
pre { font: 8pt/1.3 "DejaVu Sans Mono", "Liberation Mono", monospace; white-space: pre-wrap; word-break: break-all; border: 0.3pt solid #999; padding: 1.5mm; margin: 1mm 0; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 9mm 10mm; margin-top: 4mm; }
.signature { break-inside: avoid; border-bottom: 0.5pt solid #000; height: 15mm; display: flex; align-items: flex-start; font-size: 9pt; }
section.signing { break-before: page; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"#;
