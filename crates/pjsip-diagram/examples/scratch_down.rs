use pjsip_diagram::{graph, Diagram, DiagramOptions, Direction, LayoutOptions};
use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let width: f64 = args[2].parse().unwrap();
    let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text }], AsteriskVersion::V22);
    let g = graph::build(&Loaded::new(&input), &DiagramOptions::default());
    let d = if width > 0.0 { Diagram::with(g, &LayoutOptions { direction: Direction::Down { width } }) } else { Diagram::of(g) };
    eprintln!("{} x {}", d.layout.width, d.layout.height);
    print!("{}", d.to_svg());
}
