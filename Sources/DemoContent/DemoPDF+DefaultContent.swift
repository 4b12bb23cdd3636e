extension DemoPDF {
    /// Title of the seeded demo document.
    public static let defaultTitle = "黑龙江省地方文献 Heilongjiang Local Documents"

    /// Three pages on the province's local documents, each Chinese line followed by its English translation.
    public static let defaultPages: [[String]] = [
        [
            "黑龙江省地方文献概述",
            "Overview of Heilongjiang Provincial Local Documents",
            "",
            "地方文献是记录一个地区历史、地理、经济与文化的资料。",
            "Local documents record the history, geography, economy and culture of a region.",
            "黑龙江省图书馆收藏地方志、家谱、报刊与老照片。",
            "The provincial library keeps gazetteers, genealogies, newspapers and old photos.",
            "各市图书馆共同建设共享的地方文献资源库。",
            "The municipal libraries jointly build one shared store of local documents.",
        ],
        [
            "主要馆藏",
            "Principal Collections",
            "",
            "《黑龙江志稿》：民国时期编纂的全省通志。",
            "Heilongjiang Zhigao: the provincial gazetteer compiled in the Republican era.",
            "哈尔滨老报纸：记录城市一百多年的变迁。",
            "Old Harbin newspapers: more than a century of change in the city.",
            "赫哲族伊玛堪说唱录音：国家级非物质文化遗产。",
            "Recordings of Hezhe Yimakan storytelling: national intangible cultural heritage.",
        ],
        [
            "使用与传递",
            "Use and Delivery",
            "",
            "读者可以通过馆际互借申请全文传递。",
            "Patrons may request full-text delivery through interlibrary loan.",
            "下载链接有有效期和下载次数限制。",
            "Download links expire and allow a limited number of downloads.",
            "请遵守著作权法，仅供个人学习与研究使用。",
            "Please respect copyright: for personal study and research only.",
        ],
    ]

    /// The demo document with ``defaultTitle`` and ``defaultPages``.
    public static func makeDefault() -> [UInt8] {
        make(title: defaultTitle, pages: defaultPages)
    }
}
