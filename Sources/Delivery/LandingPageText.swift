import Foundation

/// The words of the patron-facing pages in one language. Kept together so a translator finds every string here.
struct LandingPageText {
    let language: PageLanguage

    private func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    // MARK: shared

    var service: String { pick("文献传递", "Document delivery") }
    var skipToContent: String { pick("跳到正文", "Skip to content") }
    var languageNavigation: String { pick("语言", "Language") }
    var contactHeading: String { pick("联系图书馆", "Contact the library") }
    var emailLabel: String { pick("电子邮件", "E-mail") }
    var phoneLabel: String { pick("电话", "Phone") }
    var websiteLabel: String { pick("网站", "Website") }
    var noContactDetails: String {
        pick("请通过您办理文献传递时的渠道联系该馆。", "Please contact the library the way you asked for this delivery.")
    }
    /// The link to the page in the other language.
    var otherLanguage: (choice: String, tag: String, label: String) {
        language == .zh ? ("en", "en", "English") : ("zh", "zh-CN", "中文")
    }

    // MARK: landing page

    var owningLibraryLabel: String { pick("收藏馆", "Held by") }
    var deliveringLibraryLabel: String { pick("提供馆", "Delivered by") }
    var fileLabel: String { pick("文件", "File") }
    var expiresLabel: String { pick("有效期至", "Link valid until") }
    var downloadsLeftLabel: String { pick("剩余下载次数", "Downloads left") }
    var noteLabel: String { pick("图书馆留言", "Note from the library") }
    var downloadButton: String { pick("下载文件", "Download the file") }
    var noticeHeading: String { pick("版权声明", "Copyright notice") }

    func downloadsLeft(_ left: Int, of total: Int) -> String {
        pick("还可下载 \(left) 次（共 \(total) 次）", "\(left) of \(total) " + (total == 1 ? "download" : "downloads") + " left")
    }

    /// The counting rule (one download per client address per delivery per hour), in words a patron understands.
    var countingRule: String {
        pick(
            "在线阅读、播放和下载都计入下载次数：同一设备（同一网络地址）在一小时内对本链接的全部访问，"
                + "包括翻页、拖动进度和重新打开，只计为一次。",
            "Reading or playing online counts as a download, just like saving the file: everything the same device "
                + "(the same network address) fetches from this link within one hour, including page turns, seeking "
                + "and reopening, counts as one download.")
    }

    func viewerHeading(_ kind: LandingPageView.MediaKind) -> String {
        switch kind {
        case .pdf, .other: return pick("在线阅读", "Read online")
        case .image: return pick("在线查看", "View online")
        case .audio: return pick("在线收听", "Listen online")
        case .video: return pick("在线观看", "Watch online")
        }
    }

    func kindName(_ kind: LandingPageView.MediaKind) -> String {
        switch kind {
        case .pdf: return pick("PDF 文档", "PDF document")
        case .image: return pick("图片", "image")
        case .audio: return pick("音频", "audio recording")
        case .video: return pick("视频", "video")
        case .other: return pick("文件", "file")
        }
    }

    func pdfFrameTitle(_ title: String) -> String { pick("\(title)（PDF 文档）", "\(title) (PDF document)") }

    var pdfFallbackBefore: String {
        pick(
            "如果上面没有显示文档（有些手机浏览器不能在页面内显示 PDF），请",
            "If the document does not appear above (some phone browsers cannot show PDFs inside a page), ")
    }
    var pdfFallbackLink: String { pick("在新窗口中打开", "open it in a new window") }
    var pdfFallbackAfter: String { pick("，或下载后阅读。", " or download it.") }
    var playerFallback: String {
        pick("您的浏览器不能在页面内播放此文件，请下载后收听或观看。", "Your browser cannot play this file here. Please download it instead.")
    }
    var noPreview: String {
        pick(
            "此类文件不能在线查看，请下载后用相应的软件打开。",
            "This kind of file cannot be shown in the browser. Please download it and open it with a suitable program.")
    }

    func size(_ bytes: Int64) -> String {
        if bytes < 1000 { return pick("\(bytes) 字节", bytes == 1 ? "1 byte" : "\(bytes) bytes") }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        let number = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return "\(number) \(units[unit])"
    }

    /// e.g. `2025年7月1日 18:05（北京时间，UTC+08:00）` or `1 July 2025, 18:05 (China Standard Time, UTC+08:00)`.
    func dateTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (year, month, day) = (parts.year ?? 0, parts.month ?? 1, parts.day ?? 1)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let offset = Self.utcOffset(zone.secondsFromGMT(for: date))
        let isChinaTime = ["Asia/Shanghai", "Asia/Harbin", "Asia/Chongqing", "PRC"].contains(zone.identifier)
        switch language {
        case .zh:
            let zoneName = isChinaTime ? "北京时间，" : ""
            return "\(year)年\(month)月\(day)日 \(time)（\(zoneName)\(offset)）"
        case .en:
            let months = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December",
            ]
            let zoneName = isChinaTime ? "China Standard Time, " : ""
            return "\(day) \(months[max(0, min(11, month - 1))]) \(year), \(time) (\(zoneName)\(offset))"
        }
    }

    /// `UTC+08:00`, `UTC-03:30`, `UTC+00:00`.
    static func utcOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "UTC" + sign + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// RFC 3339 with the zone's offset, for `<time datetime>`: `2025-07-01T18:05:00+08:00`.
    static func machineDateTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = utcOffset(zone.secondsFromGMT(for: date)).dropFirst(3)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", p.year ?? 0, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0,
            p.second ?? 0) + offset
    }

    // MARK: gone pages

    func goneTitle(_ reason: GonePage.Reason) -> String {
        switch reason {
        case .expired: return pick("链接已过期", "This link has expired")
        case .exhausted: return pick("下载次数已用完", "No downloads left")
        case .revoked: return pick("链接已被撤销", "This link has been withdrawn")
        case .notFound: return pick("找不到这个链接", "Link not found")
        }
    }

    func goneExplanation(_ reason: GonePage.Reason) -> String {
        switch reason {
        case .expired:
            return pick(
                "这个文献传递链接的有效期已过，文件不能再查看或下载。",
                "This document delivery link was valid for a limited time, which is over. The file can no longer be viewed or downloaded."
            )
        case .exhausted:
            return pick(
                "这个链接允许的下载次数已经全部用完（在线阅读和播放也计入次数），文件不能再查看或下载。",
                "All downloads this link allowed have been used (reading and playing online count too). The file can no longer be viewed or downloaded."
            )
        case .revoked:
            return pick(
                "提供文献的图书馆已撤销这个链接，文件不能再查看或下载。",
                "The library withdrew this link. The file can no longer be viewed or downloaded.")
        case .notFound:
            return pick(
                "这个地址不对应任何文献传递。请检查链接是否完整：链接较长，在邮件或聊天软件中可能被截断或换行。",
                "This address does not lead to any delivery. Check that the link is complete: long links are sometimes cut or wrapped by e-mail and chat programs."
            )
        }
    }

    func goneNextStep(_ reason: GonePage.Reason, library: String?) -> String {
        let whom =
            library.map { pick("请联系\($0)", "please contact \($0)") }
            ?? pick("请联系为您办理文献传递的图书馆", "please contact the library that sent you this link")
        switch reason {
        case .notFound:
            return pick("如果链接确实完整，\(whom)。", "If the link is complete, \(whom).")
        case .expired, .exhausted, .revoked:
            return pick("如仍需要这份文献，\(whom)重新办理。", "If you still need the item, \(whom) and ask for it again.")
        }
    }
}
