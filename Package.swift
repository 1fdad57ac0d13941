// swift-tools-version: 6.2
import PackageDescription

/// Every target is compiled with these: existentials spelled `any`, and a file sees only
/// the members of modules it imports itself.
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "promptexp",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "promptexp", targets: ["promptexp"]),
        .library(name: "PromptExpKit", targets: ["PromptExpKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(
            name: "PromptExpKit",
            dependencies: [
                "CLibGit2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "PromptExpView",
            dependencies: [
                "PromptExpKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "promptexp",
            dependencies: [
                "PromptExpKit",
                "PromptExpView",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictness,
            plugins: ["BuildInfo"]
        ),
        // Stamps the binary with the commit it was built from (`promptexp --version`).
        .plugin(name: "BuildInfo", capability: .buildTool(), dependencies: ["promptexp-build-info"]),
        .executableTarget(name: "promptexp-build-info", swiftSettings: strictness),
        .executableTarget(
            name: "promptexp-bench-sequential", dependencies: ["PromptExpKit"], swiftSettings: strictness),
        .executableTarget(
            name: "promptexp-fake-server",
            dependencies: ["PromptExpTestSupport"],
            swiftSettings: strictness
        ),
        .target(
            name: "PromptExpTestSupport",
            dependencies: [
                "PromptExpKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "PromptExpKitTests",
            dependencies: [
                "PromptExpKit",
                "PromptExpTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Clocks", package: "swift-clocks"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "promptexpTests",
            dependencies: [
                "promptexp", "PromptExpKit", "PromptExpTestSupport", "PromptExpView",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
