// The driver of scripts/bench-stamp (in the package graph only with ENABLE_STAMP_BENCH=1):
//   stamp-bench generate text|scan PAGES OUT.pdf [SCAN.jpg]  an original: text pages, or a JPEG per page (a scan)
//   stamp-bench stamp IN.pdf OUT.pdf                          PDFStamper.stamp with a cover and a watermark
//   stamp-bench pages IN.pdf STAMP.pdf                        the same stamp's cover and watermark pages (one PDF);
//                                                             prints the cover's page count, then the --from list
//                                                             of the qpdf program's --overlay
//   stamp-bench first-page-bytes FILE.pdf XREF.txt            bytes a range-reading viewer needs for page 1 of a
//                                                             file that is not linearized (XREF.txt: qpdf --show-xref)
import CQPDF
import Foundation
import PDFStamp

#if canImport(Glibc)
    import Glibc
#endif

/// The stamp a delivery of an in-copyright item gets (cover and watermark), as in the tests.
let request = StampRequest(
    cover: CoverPage(
        heading: "文献传递版权声明 Copyright Notice",
        rows: [
            .init("题名 Title", "黑龙江志稿（民国二十二年铅印本）"), .init("读者 Reader", "王小明（R-****24）"),
            .init("传递编号 Delivery", "dlv_8f3k2m"), .init("有效期 Expires", "2026-12-07"),
        ],
        paragraphs: ["本复制件仅供上述读者个人学习、研究使用，不得转让、出售或公开传播。"],
        footer: "依据《中华人民共和国著作权法》第二十四条第一款第（一）项"),
    watermark: "仅供 王小明（R-****24）个人学习研究使用 · 齐齐哈尔图书馆 · 2026-12-07 · dlv_8f3k2m")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stamp-bench: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "generate" where arguments.count >= 4:
    guard let pages = Int(arguments[2]), pages > 0 else { fail("PAGES must be a positive number") }
    let jpeg = arguments.count > 4 ? try Data(contentsOf: URL(fileURLWithPath: arguments[4])) : nil
    if arguments[1] == "scan" && jpeg == nil { fail("a scan needs a JPEG") }
    try OriginalGenerator.write(pages: pages, scan: arguments[1] == "scan" ? jpeg : nil, to: arguments[3])

case "stamp" where arguments.count == 3:
    let start = ContinuousClock.now
    let result = try PDFStamper.stamp(input: arguments[1], output: arguments[2], request: request)
    let elapsed = ContinuousClock.now - start
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print("pages=\(result.pages) seconds=\(String(format: "%.3f", seconds)) maxrss_kb=\(usage.ru_maxrss)")

case "pages" where arguments.count == 3:
    let pages = try PDFStamper.stampPages(input: arguments[1], request: request)
    try Data(pages.document).write(to: URL(fileURLWithPath: arguments[2]))
    print(pages.coverPages)
    print(pages.overlayPages.map(String.init).joined(separator: ","))

case "first-page-bytes" where arguments.count == 3:
    let xref = try String(contentsOfFile: arguments[2], encoding: .utf8)
    print(try FirstPageBytes.measure(arguments[1], xref: xref))

default:
    fail("usage: stamp-bench generate|stamp|pages|first-page-bytes … (see Sources/stamp-bench/main.swift)")
}
