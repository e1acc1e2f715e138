// swift-tools-version:6.0
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "Precis",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "precis", targets: ["precis"]),
    .library(name: "PrecisStages", targets: ["PrecisStages"]),
    .library(name: "PrecisFuzzing", targets: ["PrecisFuzzing"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // C below: the system libraries and the one bridge that includes ICU headers.
    .systemLibrary(
      name: "CICU", path: "Sources/CICU", pkgConfig: "icu-uc",
      providers: [.apt(["libicu-dev"]), .brew(["icu4c"])]),
    .target(name: "CICUBridge", dependencies: ["CICU"]),
    .systemLibrary(
      name: "CStemmer", path: "Sources/CStemmer", providers: [.apt(["libstemmer-dev"])]),
    .systemLibrary(
      name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
    .target(name: "CHTMLBridge", dependencies: ["CLibXML2"]),
    .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
    .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),

    // Swift above: the core, one module per stage family, the registry, the CLI.
    .target(
      name: "PrecisCore",
      dependencies: ["CICUBridge", "CStemmer", "CPrefetch", .product(name: "Yams", package: "Yams")],
      swiftSettings: strictSwift),
    .target(
      name: "PrecisSegmentation", dependencies: ["PrecisCore", "CHTMLBridge"], swiftSettings: strictSwift),
    .target(name: "PrecisGlossary", dependencies: ["PrecisCore", "CPrefetch"], swiftSettings: strictSwift),
    .target(name: "PrecisSummarization", dependencies: ["PrecisCore"], swiftSettings: strictSwift),
    .target(name: "PrecisRendering", dependencies: ["PrecisCore"], swiftSettings: strictSwift),
    .target(
      name: "PrecisEvaluation", dependencies: ["PrecisCore", "PrecisGlossary"], swiftSettings: strictSwift),
    .target(
      name: "PrecisStages",
      dependencies: [
        "PrecisCore", "PrecisSegmentation", "PrecisGlossary", "PrecisSummarization",
        "PrecisRendering",
      ],
      swiftSettings: strictSwift),
    .executableTarget(
      name: "precis",
      dependencies: [
        "PrecisCore", "PrecisStages", "PrecisEvaluation", "PrecisRendering", "CMalloc",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift),
    // The code the fuzzers in Fuzz/ drive; the tests replay what they once crashed on.
    .target(
      name: "PrecisFuzzing",
      dependencies: [
        "PrecisCore", "PrecisGlossary", "PrecisSegmentation", "PrecisStages", "PrecisSummarization",
      ],
      swiftSettings: strictSwift),
    .target(name: "PrecisTestSupport", dependencies: ["PrecisCore"], swiftSettings: strictSwift),

    .testTarget(
      name: "PrecisCoreTests", dependencies: ["PrecisCore", "PrecisStages", "PrecisTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisSegmentationTests",
      dependencies: ["PrecisSegmentation", "PrecisTestSupport"], swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisGlossaryTests", dependencies: ["PrecisGlossary", "PrecisTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisSummarizationTests",
      dependencies: ["PrecisSummarization", "PrecisSegmentation", "PrecisTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisRenderingTests", dependencies: ["PrecisRendering", "PrecisTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisStagesTests", dependencies: ["PrecisStages", "PrecisTestSupport"],
      exclude: ["stages.golden.txt"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisEvaluationTests",
      dependencies: ["PrecisEvaluation", "PrecisGlossary", "PrecisStages", "PrecisTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PrecisFuzzingTests",
      dependencies: [
        "PrecisFuzzing", "PrecisGlossary", "PrecisSegmentation", "PrecisStages", "PrecisTestSupport",
      ],
      exclude: ["findings"], swiftSettings: strictSwift),
    .testTarget(
      name: "EndToEndTests", dependencies: ["precis", "PrecisCore", "PrecisTestSupport"],
      swiftSettings: strictSwift),
  ]
)
