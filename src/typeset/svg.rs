//! What an SVG image will cost Typst, measured before Typst sees it.
//!
//! An SVG is a small program: `<use>` copies elements (and copies of copies), markers
//! repeat at every vertex of a path, and filters are rasterised, in the PDF at 4 pixels
//! per point (krilla) and in PNG output at the page's resolution (resvg), over a region
//! the file chooses. A few hundred bytes can ask for minutes of work and gigabytes of
//! pixels. So every SVG is read twice before Typst reads it: with roxmltree, counting the
//! elements it will draw once every `<use>`, marker and resource reference is expanded
//! (cheap, and it bounds everything after it), then with usvg itself, the very parser and
//! converter Typst uses, to cost its filters from the regions usvg resolves.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use usvg::roxmltree::{self, Document, Node, NodeId};

/// XML nodes as written (elements, text, comments): a logo has hundreds.
pub(crate) const MAX_SVG_NODES: u32 = 200_000;
/// Elements nested in one another, counting each `<use>` or resource reference as a
/// level; usvg recurses once per level.
pub(crate) const MAX_SVG_DEPTH: u32 = 100;
/// Elements drawn, once `<use>`, markers and resources are expanded, per SVG.
pub(crate) const MAX_SVG_ELEMENTS: u64 = 100_000;
/// Entities (`<!ENTITY>`) may stand for plain text only, and all their uses together for
/// at most this many bytes: roxmltree lets entities nest, which a "billion laughs" file
/// turns into gigabytes of text.
pub(crate) const MAX_ENTITY_BYTES: usize = 1 << 20;
/// Data-URL images inside an SVG inside an SVG…: this many levels.
pub(crate) const MAX_SVG_NESTING: u32 = 3;
/// Filters are costed as if the SVG were drawn this many pixels along its longer side:
/// a full-width image on an A4 page gets about that in the PDF, where filters are
/// rasterised at 4 pixels per point.
pub(crate) const FILTER_SIDE_PX: f32 = 2000.0;

/// The work an SVG asks for, each time it is drawn.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct SvgCost {
    /// Elements drawn, after expansion.
    pub elements: u64,
    /// Pixel operations of its filters (one operation: one pass of one filter step
    /// over one pixel), at [`FILTER_SIDE_PX`].
    pub filter_work: u64,
    /// Decoded pixels of the bitmaps embedded in it (data URLs).
    pub pixels: u64,
}

/// Checks an SVG's structure and measures its cost; an error says why it is refused.
pub(crate) fn measure(data: &[u8]) -> Result<SvgCost, String> {
    let mut cost = scan(data, 0)?;
    let tree = usvg::Tree::from_data(data, &options())
        .map_err(|e| format!("it cannot be read as SVG ({e})"))?;
    let side = tree.size().width().max(tree.size().height());
    let mut walk = FilterWalk::default();
    cost.filter_work = walk.group(tree.root(), FILTER_SIDE_PX / side);
    Ok(cost)
}

/// The structural pass: entities, XML nodes, nesting, elements after expansion, and the
/// SVGs and bitmaps embedded as data URLs (the first `level` is 0).
fn scan(data: &[u8], level: u32) -> Result<SvgCost, String> {
    if data.starts_with(&[0x1f, 0x8b]) {
        return Err("it is compressed (SVGZ); save it as plain SVG".into());
    }
    let text = std::str::from_utf8(data).map_err(|_| "it is not UTF-8 text".to_string())?;
    check_entities(text)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_SVG_NODES,
        ..Default::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            format!("it has more than {MAX_SVG_NODES} XML nodes")
        }
        e => format!("it is not well-formed XML ({e})"),
    })?;
    let mut expansion = Expansion::new(&doc, level);
    // Every element may use every resource a style sheet names: that many pairs to count.
    let elements = doc.descendants().filter(Node::is_element).count() as u64;
    if elements.saturating_mul(expansion.sheet_refs.len() as u64) > 4 * MAX_SVG_ELEMENTS {
        return Err(format!(
            "its style sheets let any of its {elements} elements draw any of {} clip paths, \
             masks, patterns, filters or markers",
            expansion.sheet_refs.len()
        ));
    }
    let drawn = expansion.drawn(doc.root_element(), 0)?;
    Ok(SvgCost {
        elements: drawn.elements,
        pixels: drawn.pixels,
        filter_work: 0,
    })
}

/// Entities are refused unless they are plain text whose uses stay small; see
/// [`MAX_ENTITY_BYTES`]. Old Illustrator files declare a few for namespace names.
fn check_entities(text: &str) -> Result<(), String> {
    let mut longest = 0;
    for (at, _) in text.match_indices("<!ENTITY") {
        let rest = text[at + "<!ENTITY".len()..].trim_start();
        if rest.starts_with('%') {
            return Err("it declares parameter entities (`<!ENTITY %`)".into());
        }
        let after_name = rest.trim_start_matches(|c: char| !c.is_whitespace());
        let decl = after_name.trim_start();
        let Some(quote) = decl.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue; // An external entity (SYSTEM, PUBLIC): never loaded.
        };
        let value = decl[1..].split(quote).next().unwrap_or_default();
        if value.contains(['&', '%', '<']) {
            return Err("it declares entities made of other entities or markup".into());
        }
        longest = longest.max(value.len());
    }
    let uses = text.bytes().filter(|b| *b == b'&').count();
    if longest > 0 && uses.saturating_mul(longest) > MAX_ENTITY_BYTES {
        return Err(format!(
            "its entities would expand it by more than {} MB",
            MAX_ENTITY_BYTES >> 20
        ));
    }
    Ok(())
}

/// `href` or `xlink:href`, whichever the element has.
fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "href")
        .map(|a| a.value().trim())
}

/// What one element and everything below it draw.
#[derive(Debug, Default, Clone, Copy)]
struct Drawn {
    elements: u64,
    /// Decoded pixels of embedded bitmaps.
    pixels: u64,
}

impl Drawn {
    fn add(&mut self, other: Drawn, times: u64) {
        self.elements = self
            .elements
            .saturating_add(other.elements.saturating_mul(times));
        self.pixels = self
            .pixels
            .saturating_add(other.pixels.saturating_mul(times));
    }
}

/// A data-URL image inside the SVG: an SVG is scanned in turn, a bitmap must pass the
/// pixel limit. A link to a file is refused: Typst would fail the whole SVG on it.
fn embedded(href: &str, level: u32) -> Result<Drawn, String> {
    let Ok(url) = data_url::DataUrl::process(href) else {
        let shown: String = href.chars().take(60).collect();
        return Err(format!(
            "it links to another file (`{shown}`), which is not read; embed it instead"
        ));
    };
    let Ok((data, _)) = url.decode_to_vec() else {
        return Ok(Drawn::default()); // usvg skips what it cannot decode.
    };
    let mime = url.mime_type();
    let raster = crate::typeset::sandbox::image_format(&data).filter(|f| *f != "svg");
    if raster.is_none() && (mime.subtype == "svg+xml" || mime.type_ == "text") {
        if level + 1 >= MAX_SVG_NESTING {
            return Err(format!(
                "it nests SVG images more than {MAX_SVG_NESTING} levels deep"
            ));
        }
        let inner = scan(&data, level + 1)?;
        return Ok(Drawn {
            elements: inner.elements,
            pixels: inner.pixels,
        });
    }
    if raster.is_none() {
        return Ok(Drawn::default());
    }
    let size = imagesize::blob_size(&data)
        .map_err(|_| "an image inside it has a header that cannot be read".to_string())?;
    let pixels = size.width as u64 * size.height as u64;
    if pixels > crate::typeset::sandbox::MAX_IMAGE_PIXELS {
        return Err(format!(
            "an image inside it is {}×{} pixels; images over {} megapixels are refused",
            size.width,
            size.height,
            crate::typeset::sandbox::MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(Drawn {
        elements: 0,
        pixels,
    })
}

/// Counts what an SVG draws, each node's count computed once.
struct Expansion<'a, 'i> {
    ids: HashMap<&'a str, Node<'a, 'i>>,
    /// `url(#…)` targets named in `<style>` sheets: any element may use them.
    sheet_refs: Vec<Node<'a, 'i>>,
    /// What each node draws, and how many levels lie below it; `None` while the node is
    /// being counted.
    memo: HashMap<NodeId, Option<(Drawn, u32)>>,
    /// How deep in embedded SVGs this document is.
    level: u32,
}

/// Elements whose content is drawn where another element refers to it, per reference.
const RESOURCES: &[&str] = &["clipPath", "mask", "pattern", "filter", "marker"];
/// Elements markers are drawn on, at their vertices.
const MARKED: &[&str] = &["path", "line", "polyline", "polygon"];

impl<'a, 'i> Expansion<'a, 'i> {
    fn new(doc: &'a Document<'i>, level: u32) -> Self {
        let ids: HashMap<&str, Node> = doc
            .descendants()
            .filter_map(|n| Some((n.attribute("id")?, n)))
            .collect();
        let mut sheet_refs: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("style"))
            .flat_map(|n| n.children().filter_map(|t| t.text()))
            .flat_map(url_ids)
            .filter_map(|id| ids.get(id).copied())
            .filter(|t| RESOURCES.contains(&t.tag_name().name()))
            .collect();
        sheet_refs.sort_by_key(|n| n.id().get());
        sheet_refs.dedup_by_key(|n| n.id().get());
        Self {
            ids,
            sheet_refs,
            memo: HashMap::new(),
            level,
        }
    }

    /// What `node` and everything below it draw, `depth` levels down from the root.
    fn drawn(&mut self, node: Node<'a, 'i>, depth: u32) -> Result<Drawn, String> {
        if depth > MAX_SVG_DEPTH {
            return Err(too_deep());
        }
        match self.memo.get(&node.id()) {
            Some(Some((drawn, below))) if depth + below <= MAX_SVG_DEPTH => return Ok(*drawn),
            Some(Some(_)) => return Err(too_deep()),
            // A resource that refers to itself: usvg drops the link. (A `<use>` loop is
            // refused where the `<use>` is met.)
            Some(None) => return Ok(Drawn::default()),
            None => {}
        }
        self.memo.insert(node.id(), None);
        let mut drawn = Drawn {
            elements: 1,
            pixels: 0,
        };
        let mut below = 0;
        let mut parts: Vec<(Node, u64)> = node
            .children()
            .filter(Node::is_element)
            .map(|c| (c, 1))
            .collect();
        match (node.tag_name().name(), href(node)) {
            ("use" | "feImage", Some(h)) if h.starts_with('#') => {
                if let Some(target) = self.target(h) {
                    if matches!(self.memo.get(&target.id()), Some(None)) {
                        return Err("its `<use>` elements refer to each other in a loop".into());
                    }
                    parts.push((target, 1));
                }
            }
            ("image" | "feImage", Some(h)) if !h.starts_with('#') => {
                drawn.add(embedded(h, self.level)?, 1);
            }
            _ => {}
        }
        for target in self.references(node) {
            let times = if target.has_tag_name("marker") {
                vertices(node)
            } else {
                1
            };
            parts.push((target, times));
        }
        for (part, times) in parts {
            drawn.add(self.drawn(part, depth + 1)?, times);
            below = below.max(self.height(part) + 1);
            if drawn.elements > MAX_SVG_ELEMENTS {
                return Err(format!(
                    "it draws more than {MAX_SVG_ELEMENTS} elements once `<use>`, markers \
                     and references are expanded"
                ));
            }
        }
        self.memo.insert(node.id(), Some((drawn, below)));
        Ok(drawn)
    }

    fn height(&self, node: Node) -> u32 {
        match self.memo.get(&node.id()) {
            Some(Some((_, below))) => *below,
            _ => 0,
        }
    }

    fn target(&self, href: &str) -> Option<Node<'a, 'i>> {
        self.ids.get(href.strip_prefix('#')?).copied()
    }

    /// The resources `node` may draw: those its attributes (`style` included) name with
    /// `url(#…)`, and those the style sheets name, which any element may match.
    fn references(&self, node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
        let named = node
            .attributes()
            .flat_map(|a| url_ids(a.value()))
            .filter_map(|id| self.ids.get(id).copied());
        let mut out: Vec<Node> = named
            .chain(self.sheet_refs.iter().copied())
            .filter(|t| RESOURCES.contains(&t.tag_name().name()))
            .filter(|t| !t.has_tag_name("marker") || MARKED.contains(&node.tag_name().name()))
            .collect();
        out.sort_by_key(|n| n.id().get());
        out.dedup_by_key(|n| n.id());
        out
    }
}

fn too_deep() -> String {
    format!(
        "it nests elements more than {MAX_SVG_DEPTH} levels deep (counting `<use>` and references)"
    )
}

/// The ids in every `url(#id)` of a CSS or attribute value.
fn url_ids(value: &str) -> impl Iterator<Item = &str> {
    value.split("url(").skip(1).filter_map(|rest| {
        let inner = rest.split(')').next()?;
        let inner = inner.trim().trim_matches(|c| c == '"' || c == '\'');
        inner.strip_prefix('#')
    })
}

/// An upper bound of a marked element's vertices (each takes at least two characters of
/// path data or points), plus the start and end markers.
fn vertices(node: Node) -> u64 {
    let written = match node.tag_name().name() {
        "path" => node.attribute("d").map_or(0, str::len),
        "polyline" | "polygon" => node.attribute("points").map_or(0, str::len),
        "line" => 4,
        _ => return 0,
    };
    written as u64 / 2 + 2
}

/// usvg's options as Typst sets them (no file is ever read), with the bundled fonts so
/// that text has the size it will have.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: "Libertinus Serif".into(),
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        fontdb: font_db(),
        ..Default::default()
    }
}

fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for (_, data) in crate::typeset::fonts::EMBEDDED {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(*data)));
        }
        db.set_serif_family("Libertinus Serif");
        db.set_sans_serif_family("Inter");
        db.set_monospace_family("Source Code Pro");
        Arc::new(db)
    })
    .clone()
}

/// Adds up the filter work of a usvg tree. Shared resources (a pattern used by many
/// paths) are walked once and counted at every use.
#[derive(Default)]
struct FilterWalk {
    memo: HashMap<*const usvg::Group, u64>,
}

impl FilterWalk {
    /// `ppu`: pixels per unit of the group's absolute coordinates.
    fn group(&mut self, group: &usvg::Group, ppu: f32) -> u64 {
        let mut work = group
            .filters()
            .iter()
            .map(|f| filter_work(f, group.abs_transform(), ppu))
            .fold(0u64, u64::saturating_add);
        for node in group.children() {
            work = work.saturating_add(self.node(node, ppu));
        }
        work
    }

    fn node(&mut self, node: &usvg::Node, ppu: f32) -> u64 {
        let mut work = 0u64;
        match node {
            usvg::Node::Group(g) => work = self.group(g, ppu),
            usvg::Node::Image(image) => {
                if let usvg::ImageKind::SVG(tree) = image.kind() {
                    // A nested SVG has its own coordinates, scaled into the image's box.
                    let shown = image.abs_bounding_box();
                    let scale = (shown.width() / tree.size().width())
                        .max(shown.height() / tree.size().height());
                    return self.group(tree.root(), ppu * scale);
                }
            }
            usvg::Node::Path(_) | usvg::Node::Text(_) => {}
        }
        node.subroots(|root| {
            let key = root as *const usvg::Group;
            let sub = match self.memo.get(&key) {
                Some(w) => *w,
                None => {
                    let w = self.group(root, ppu);
                    self.memo.insert(key, w);
                    w
                }
            };
            work = work.saturating_add(sub);
        });
        work
    }
}

/// Pixel operations of one filter on a group whose coordinates `ts` maps to absolute
/// ones: its region's pixels times the passes its steps make over each pixel.
fn filter_work(filter: &usvg::filter::Filter, ts: usvg::Transform, ppu: f32) -> u64 {
    let Some(region) = filter.rect().transform(ts) else {
        return 0;
    };
    let (w, h) = (
        f64::from(region.width() * ppu).ceil(),
        f64::from(region.height() * ppu).ceil(),
    );
    let (sx, sy) = ts.get_scale();
    let (rx_scale, ry_scale) = (f64::from(sx * ppu), f64::from(sy * ppu));
    // Drawing the source, and the result onto the page.
    let mut passes = 2.0;
    for primitive in filter.primitives() {
        passes += 1.0 + step_passes(primitive.kind(), (rx_scale, ry_scale), (w, h));
    }
    let work = w * h * passes;
    if work >= u64::MAX as f64 {
        u64::MAX
    } else {
        work as u64
    }
}

/// Passes over each pixel one filter step makes in resvg, beyond the first.
fn step_passes(kind: &usvg::filter::Kind, scale: (f64, f64), region: (f64, f64)) -> f64 {
    use usvg::filter::Kind;
    match kind {
        // One noise lookup per octave and channel.
        Kind::Turbulence(t) => 4.0 * f64::from(t.num_octaves().max(1)),
        Kind::ConvolveMatrix(c) => f64::from(c.matrix().columns()) * f64::from(c.matrix().rows()),
        // resvg visits the whole (2r)² window around every pixel.
        Kind::Morphology(m) => {
            let side = |r: f32, s: f64, max: f64| (2.0 * (f64::from(r) * s).ceil()).min(max);
            side(m.radius_x().get(), scale.0, region.0)
                * side(m.radius_y().get(), scale.1, region.1)
        }
        Kind::GaussianBlur(_) | Kind::DropShadow(_) => 6.0,
        Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => 9.0,
        Kind::DisplacementMap(_) | Kind::Merge(_) | Kind::Composite(_) | Kind::Blend(_) => 1.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">{body}</svg>"#
        )
    }

    #[test]
    fn a_plain_logo_is_cheap() {
        let logo = svg(
            r##"<defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient></defs>
            <circle cx="50" cy="50" r="40" fill="url(#g)"/><path d="M10 10 L90 90 Z" stroke="black"/>
            <text x="10" y="90" font-family="Inter">Ada</text>"##,
        );
        let cost = measure(logo.as_bytes()).unwrap();
        assert_eq!(cost.filter_work, 0);
        assert!(cost.elements < 10, "{cost:?}");
    }

    #[test]
    fn use_fan_out_is_counted_and_refused() {
        // Ten levels of ten copies each: 10^10 elements from a few hundred bytes.
        let mut body = String::from(r#"<defs><rect id="l0" width="1" height="1"/>"#);
        for i in 1..10 {
            body.push_str(&format!(r#"<g id="l{i}">"#));
            for _ in 0..10 {
                body.push_str(&format!(r##"<use href="#l{}"/>"##, i - 1));
            }
            body.push_str("</g>");
        }
        body.push_str(r##"</defs><use href="#l9"/>"##);
        let err = measure(svg(&body).as_bytes()).unwrap_err();
        assert!(err.contains("elements once `<use>`"), "{err}");
        // Three levels are fine, and counted as drawn.
        let small = svg(
            r##"<defs><rect id="a" width="1" height="1"/><g id="b"><use href="#a"/><use href="#a"/></g></defs><use href="#b"/><use href="#b"/>"##,
        );
        let cost = measure(small.as_bytes()).unwrap();
        // defs, rect, g, 2×(use, rect), then 2×(use, g, 2×(use, rect)).
        assert!(cost.elements >= 14, "{cost:?}");
    }

    #[test]
    fn loops_depth_entities_and_links_are_refused() {
        let looped = svg(r##"<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>"##);
        assert!(measure(looped.as_bytes()).unwrap_err().contains("loop"));
        let deep = svg(&format!("{}{}", "<g>".repeat(150), "</g>".repeat(150)));
        assert!(
            measure(deep.as_bytes())
                .unwrap_err()
                .contains("levels deep")
        );
        let laughs = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>{}",
            svg("<text>&b;</text>")
        );
        assert!(measure(laughs.as_bytes()).unwrap_err().contains("entities"));
        let plain_entity = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY ns \"http://www.w3.org/2000/svg\">]>{}",
            svg("<rect width=\"5\" height=\"5\"/>")
        );
        assert!(measure(plain_entity.as_bytes()).is_ok());
        let linked = svg(r#"<image href="photo.png" width="10" height="10"/>"#);
        assert!(
            measure(linked.as_bytes())
                .unwrap_err()
                .contains("links to another file")
        );
    }

    #[test]
    fn markers_count_at_every_vertex() {
        let mut marker = String::from(r#"<marker id="m">"#);
        marker.push_str(&r#"<rect width="1" height="1"/>"#.repeat(500));
        marker.push_str("</marker>");
        let d = "l1 1".repeat(2000);
        let body = format!(r##"<defs>{marker}</defs><path d="M0 0{d}" marker-mid="url(#m)"/>"##);
        let err = measure(svg(&body).as_bytes()).unwrap_err();
        assert!(err.contains("markers"), "{err}");
    }

    #[test]
    fn filters_are_costed_by_region_and_step() {
        let shadow = svg(
            r##"<filter id="s"><feGaussianBlur stdDeviation="2"/><feOffset dx="2" dy="2"/></filter>
            <rect x="10" y="10" width="80" height="80" filter="url(#s)"/>"##,
        );
        let shadow = measure(shadow.as_bytes()).unwrap().filter_work;
        assert!(shadow > 0);
        // The same steps over a region 20 times the element's size instead of 1.2 times:
        // (20 / 1.2)² ≈ 278 times the pixels.
        let huge = svg(
            r##"<filter id="s" x="-10" y="-10" width="20" height="20"><feGaussianBlur stdDeviation="2"/><feOffset dx="2" dy="2"/></filter>
            <rect x="10" y="10" width="80" height="80" filter="url(#s)"/>"##,
        );
        let huge = measure(huge.as_bytes()).unwrap().filter_work;
        assert!(huge > 250 * shadow, "{huge} vs {shadow}");
        let morph = svg(r##"<filter id="s"><feMorphology radius="20"/></filter>
            <rect x="10" y="10" width="80" height="80" filter="url(#s)"/>"##);
        let morph = measure(morph.as_bytes()).unwrap().filter_work;
        assert!(morph > 100 * shadow, "{morph} vs {shadow}");
    }

    /// This thread's CPU time: unlike wall time, it does not grow when other tests or
    /// processes share the cores, so the ratio below measures the code alone.
    fn thread_cpu_time() -> std::time::Duration {
        #[cfg(unix)]
        {
            let mut t = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: clock_gettime only writes the timespec it is given.
            let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
            assert!(ok, "no thread CPU clock");
            std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
        }
        #[cfg(not(unix))]
        {
            static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            START.get_or_init(std::time::Instant::now).elapsed()
        }
    }

    #[test]
    fn measuring_grows_linearly() {
        // `<use>` of a group whose element a style sheet clips: every kind of expansion.
        let make = |n: usize| {
            svg(&format!(
                r##"<style>.a {{ clip-path: url(#c) }}</style><defs><clipPath id="c"><rect width="1" height="1"/></clipPath>
                <g id="g"><rect class="a" width="2" height="2"/></g></defs>{}"##,
                r##"<use href="#g" x="1"/>"##.repeat(n)
            ))
        };
        let time = |data: &str| {
            let start = thread_cpu_time();
            measure(data.as_bytes()).unwrap();
            thread_cpu_time() - start
        };
        // Interleaved, best of each, so that other work on the machine weighs on both
        // alike; a ratio near the limit is measured once more before it fails (10,000
        // uses is near the element budget, so the sizes cannot grow to quiet caches).
        let (small_svg, large_svg) = (make(1_000), make(10_000));
        let mut seen = Vec::new();
        for _ in 0..2 {
            let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
            for _ in 0..4 {
                small = small.min(time(&small_svg));
                large = large.min(time(&large_svg));
            }
            if large < small * 15 {
                return;
            }
            seen.push(format!("{large:?} against {small:?}"));
        }
        panic!("10× the input took {}", seen.join("; then "));
    }

    #[test]
    fn filters_on_text_and_in_css_are_seen() {
        let text = svg(
            r##"<style>text { filter: url(#s) }</style><filter id="s" x="-10" y="-10" width="20" height="20"><feFlood/></filter>
            <text x="10" y="50" font-size="20">Hello</text>"##,
        );
        assert!(measure(text.as_bytes()).unwrap().filter_work > 100_000_000);
    }
}
