//! A page's words as invisible SVG text over typst-svg's drawing, which draws every glyph
//! as an outline: the preview page can then be searched, selected and read (by a browser,
//! a screen reader or a test) like the PDF.

use std::fmt::Write;

use typst::layout::{Frame, FrameItem, Transform};

/// `svg` (one page from typst-svg) with a transparent `<text>` for each run of text on
/// `frame`, placed where the run is drawn.
pub(crate) fn with_text_layer(svg: String, frame: &Frame) -> String {
    let mut layer =
        String::from(r#"<g class="text-layer" fill="transparent" aria-hidden="false">"#);
    push_runs(&mut layer, frame, Transform::identity());
    layer.push_str("</g>");
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{layer}{}", &svg[..end], &svg[end..]),
        None => svg,
    }
}

fn push_runs(out: &mut String, frame: &Frame, ts: Transform) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                push_runs(out, &group.frame, inner);
            }
            FrameItem::Text(text) if !text.text.trim().is_empty() => {
                let at = pos.transform(ts);
                let scale = ts.sy.get().abs().max(f64::EPSILON);
                let size = text.size.to_pt() * scale;
                let width = text.width().to_pt() * ts.sx.get().abs();
                let _ = write!(
                    out,
                    r#"<text x="{:.2}" y="{:.2}" font-size="{size:.2}" textLength="{width:.2}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                    at.x.to_pt(),
                    at.y.to_pt(),
                    escape(&text.text)
                );
            }
            _ => {}
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_svg_character_data() {
        assert_eq!(escape("a <b> & c\u{7}"), "a &lt;b&gt; &amp; c");
    }

    #[test]
    fn the_layer_goes_inside_the_svg() {
        let svg = with_text_layer(
            "<svg></svg>".into(),
            &Frame::soft(typst::layout::Size::zero()),
        );
        assert!(svg.starts_with("<svg><g class=\"text-layer\""), "{svg}");
        assert!(svg.ends_with("</g></svg>"), "{svg}");
    }
}
