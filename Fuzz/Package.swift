// swift-tools-version: 6.1
// libFuzzer harnesses for the gateway's pure parsers. Kept out of the main package so that
// `swift build` there never needs sanitizer flags. Build and run with `scripts/fuzz-ranges`.
import PackageDescription

let package = Package(
    name: "Fuzz",
    dependencies: [
        // The gateway package one directory up; its identity is its directory name ("main").
        .package(path: "..")
    ],
    targets: [
        .target(name: "CLibFuzzerDriver"),
        .executableTarget(
            name: "RangeFuzzer",
            dependencies: ["CLibFuzzerDriver", .product(name: "HTTPRanges", package: "main")],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ]
)
