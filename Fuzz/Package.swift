// swift-tools-version:6.0
// The libFuzzer driver, outside the main package so that a normal build never needs libFuzzer.
// scripts/fuzz builds this library with `-sanitize=fuzzer` and links it with libFuzzer's `main`
// (an executable target cannot be used: SwiftPM defines `main` in it, and so does libFuzzer).
import PackageDescription

let package = Package(
  name: "PrecisFuzz",
  products: [.library(name: "PrecisFuzzDriver", type: .dynamic, targets: ["PrecisFuzzDriver"])],
  dependencies: [.package(name: "Precis", path: "..")],
  targets: [
    .target(
      name: "PrecisFuzzDriver", dependencies: [.product(name: "PrecisFuzzing", package: "Precis")])
  ]
)
