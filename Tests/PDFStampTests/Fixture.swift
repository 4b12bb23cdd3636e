import Foundation
import PDFStamp

/// The cover and watermark of a typical interlibrary delivery, and helpers to stamp and inspect.
enum Fixture {
    static let reader = "王小明"
    static let watermark = "仅供 王小明（R-****24）个人学习研究使用 · 齐齐哈尔图书馆 · 2026-12-07 · dlv_8f3k2m"
    static let heading = "文献传递版权声明 Copyright Notice"
    static let cover = CoverPage(
        heading: heading,
        rows: [
            .init("题名 Title", "黑龙江志稿（民国二十二年铅印本）"),
            .init("标识 Identifier", "4k2m9q7x1c8v3b6n5z0a"),
            .init("收藏馆 Owning library", "黑龙江省图书馆 Heilongjiang Provincial Library"),
            .init("传递馆 Delivering library", "齐齐哈尔图书馆 Qiqihar Library"),
            .init("读者 Reader", "王小明（R-****24）"),
            .init("传递编号 Delivery", "dlv_8f3k2m"),
            .init("有效期 Expires", "2026-12-07 · 下载 3 次 3 downloads"),
        ],
        paragraphs: [
            "本复制件仅供上述读者个人学习、研究使用，不得转让、出售或公开传播。",
            "This copy is supplied for the personal study or research of the reader named above only. It may not be "
                + "passed on, sold or made public.",
        ],
        footer: "依据《中华人民共和国著作权法》第二十四条第一款第（一）项 · Copyright Law of the PRC, art. 24(1)")

    static var request: StampRequest { StampRequest(cover: cover, watermark: watermark) }

    /// Stamps `input` into `scratch` and returns the output's path and the result.
    static func stamp(_ input: String, _ request: StampRequest = request, in scratch: Scratch, name: String = "out.pdf")
        throws -> (path: String, result: StampResult)
    {
        let output = scratch.file(name)
        let result = try PDFStamper.stamp(input: input, output: output, request: request)
        return (output, result)
    }

    /// The text of page `page` (1-based), as pdftotext extracts it.
    static func text(_ pdf: String, page: Int) throws -> String {
        try Tool.run("pdftotext", ["-f", "\(page)", "-l", "\(page)", "-enc", "UTF-8", pdf, "-"]).stdout
    }

    static func pageCount(_ pdf: String) throws -> Int {
        Int(try Tool.run("qpdf", ["--show-npages", pdf]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
