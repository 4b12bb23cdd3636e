import CFFmpeg

/// Owns an `AVChannelLayout` (FFmpeg 5.1 `ch_layout` API), uninitialised exactly once in `deinit`.
final class ChannelLayout {
    var value = AVChannelLayout()

    /// The default layout for `channels` channels (mono, stereo, 5.1, 7.1 …).
    init(channels: Int32) {
        av_channel_layout_default(&value, channels)
    }

    /// A copy of `layout`; an unspecified order (no channel positions) becomes the default layout for its count.
    init(copying layout: AVChannelLayout) {
        var source = layout
        if source.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&source) == 0 {
            av_channel_layout_default(&value, max(1, source.nb_channels))
        } else {
            av_channel_layout_copy(&value, &source)
        }
    }

    deinit { av_channel_layout_uninit(&value) }

    var channels: Int32 { value.nb_channels }
}
