// swift-tools-version: 6.1
// libFuzzer harnesses for the gateway's pure parsers. Kept out of the main package so that
// `swift build` there never needs sanitizer flags. Build and run with `scripts/fuzz-ranges`.
import PackageDescription

/// The gateway package one directory up. A path dependency's identity is its directory's name (lowercased), which
/// differs between checkouts (CI clones elsewhere), so it is computed rather than written down.
let gatewayPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() } ?? "main"

let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .target(name: "CLibFuzzerDriver"),
        .executableTarget(
            name: "RangeFuzzer",
            dependencies: ["CLibFuzzerDriver", .product(name: "HTTPRanges", package: gatewayPackage)],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ]
)
