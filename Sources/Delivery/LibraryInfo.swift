/// What a patron-facing page says about a library: its name, the copyright notice it shows beside delivered items,
/// and how to reach it. Loaded from `Config/libraries.yaml` by ``LibraryDirectory``.
public struct LibraryInfo: Sendable, Hashable {
    /// The library's id as policies and keys use it (`harbin`, `hlj-provincial`).
    public var id: String
    /// The display name in each page language.
    public var name: Text
    /// The copyright notice shown on landing pages of items this library delivers.
    public var copyrightNotice: Text
    /// How patrons reach the library; `nil` when the directory has no contact details.
    public var contact: Contact?
    /// The language of the copyright cover pages of PDFs this library delivers (`language`, default Chinese).
    public var language: PageLanguage

    public init(
        id: String, name: Text, copyrightNotice: Text = LibraryInfo.genericCopyrightNotice, contact: Contact? = nil,
        language: PageLanguage = .zh
    ) {
        self.id = id
        self.name = name
        self.copyrightNotice = copyrightNotice
        self.contact = contact
        self.language = language
    }

    /// A library the directory does not list: shown by its id, with the generic notice and no contact details.
    public static func fallback(id: String, copyrightNotice: Text = LibraryInfo.genericCopyrightNotice) -> LibraryInfo {
        LibraryInfo(id: id, name: Text(zh: id, en: id), copyrightNotice: copyrightNotice, contact: nil)
    }

    /// The notice used when neither the library nor the directory provides one: in-copyright material delivered
    /// between libraries is for the patron's own study or research only (the fair-use case of PRC Copyright Law
    /// art. 24(1)) and must not be passed on.
    public static let genericCopyrightNotice = Text(
        zh: "本文献受著作权法保护，经图书馆文献传递提供，仅供您本人学习、研究使用。"
            + "请勿转发链接或文件，勿复制分发、上传至网络或用于任何商业用途。",
        en: "This item is protected by copyright. It is supplied to you through library document delivery for your own "
            + "private study or research only. Do not forward the link or the file, make copies for others, upload it "
            + "anywhere or use it commercially.")
}
