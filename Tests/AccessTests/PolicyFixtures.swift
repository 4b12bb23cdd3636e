import Access

/// Requests, subjects and assets shared by the policy tests, and the shipped example policies.
enum PolicyFixtures {
    /// `Policies/` of the repository: Tests/AccessTests/PolicyFixtures.swift → ../../Policies.
    static let shippedDirectory: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast(3)
        return components.joined(separator: "/") + "/Policies"
    }()

    static let shipped: PolicySet = {
        do {
            return try PolicySet.load(directory: shippedDirectory)
        } catch {
            fatalError("the shipped policies do not load:\n\(error)")
        }
    }()

    static let engine = PolicyEngine(shipped)

    // Assets.
    static let govDoc = PolicyAsset(id: "gov1", collection: "gov-info", ownerLibrary: "hlj-provincial", rights: "open", mediaKind: "pdf")
    static let govRestricted = PolicyAsset(id: "gov2", collection: "gov-info", ownerLibrary: "hlj-provincial", rights: "restricted", mediaKind: "pdf")
    static let localDoc = PolicyAsset(id: "doc1", collection: "local-docs", ownerLibrary: "harbin", rights: "in-copyright", mediaKind: "pdf")
    static let localVideo = PolicyAsset(id: "vid1", collection: "regional-culture", ownerLibrary: "qiqihar", rights: "in-copyright", mediaKind: "video")
    static let embargoed = PolicyAsset(id: "emb1", collection: "local-people", ownerLibrary: "daqing", rights: "in-copyright", mediaKind: "epub", embargoed: true)
    static let restrictedDoc = PolicyAsset(id: "res1", collection: "local-docs", ownerLibrary: "harbin", rights: "restricted", mediaKind: "pdf")
    static let provincialItem = PolicyAsset(id: "prov1", collection: "provincial-archive", ownerLibrary: "hlj-provincial", rights: "in-copyright", mediaKind: "image")
    static let openMap = PolicyAsset(id: "map1", collection: "maps", ownerLibrary: "jixi", rights: "open", mediaKind: "image")
    static let privatePapers = PolicyAsset(id: "pp1", collection: "private-papers", ownerLibrary: "jixi", rights: "in-copyright", mediaKind: "text")

    // Subjects.
    static let harbinPatron = PolicySubject.patron("patron-42", library: "harbin")
    static let beijingPatron = PolicySubject.patron("patron-7", library: "beijing")
    static let provincialPatron = PolicySubject.patron("patron-9", library: "hlj-provincial")
    static let researcher = PolicySubject.patron("researcher-0017", library: "harbin")
    static let researcherViaQiqihar = PolicySubject.patron("researcher-0017", library: "qiqihar")
    static let otherResearcher = PolicySubject.patron("researcher-0099", library: "harbin")

    // Addresses.
    static let provincialRoom = IPAddress("10.12.3.4")!
    static let municipalRoom = IPAddress("10.21.0.9")!
    static let roomIPv6 = IPAddress("2001:db8:12::5")!
    static let roomMapped = IPAddress("::ffff:10.12.3.4")!
    static let home = IPAddress("203.0.113.7")!
}
