//! Throughput of the default profile on one seed page and on a generated newspaper page,
//! next to a baseline that only copies the text (the floor any cleaning pass sits on).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use galley::Engine;
use std::hint::black_box;

#[path = "../tests/support/newspaper.rs"]
mod newspaper;

fn bench(c: &mut Criterion) {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let seed = include_str!("../fixtures/seeds/004_da18946eeed31b49.txt");
    let generated: String = newspaper::pages(8)
        .into_iter()
        .map(|p| p.text)
        .collect::<Vec<_>>()
        .join("\u{c}");
    let mut group = c.benchmark_group("clean");
    for (name, text) in [
        ("seed-004", seed),
        ("generated-8-pages", generated.as_str()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("copy/{name}"), |b| {
            b.iter(|| black_box(text.to_string()))
        });
        group.bench_function(format!("newspaper-zh/{name}"), |b| {
            b.iter(|| black_box(engine.clean(black_box(text))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
