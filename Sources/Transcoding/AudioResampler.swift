import CFFmpeg

/// Converts decoded audio to the encoder's sample format, rate and channel layout with swresample
/// (7.1 → stereo down-mixes by the standard matrix). Owns the `SwrContext`, freed exactly once.
final class AudioResampler {
    private var context: OpaquePointer?
    let outputFormat: AVSampleFormat
    let outputLayout: ChannelLayout
    let outputRate: Int32
    private let inputRate: Int32

    init(
        input: UnsafeMutablePointer<AVCodecContext>, outputFormat: AVSampleFormat, outputLayout: ChannelLayout,
        outputRate: Int32
    ) throws(TranscodeError) {
        self.outputFormat = outputFormat
        self.outputLayout = outputLayout
        self.outputRate = outputRate
        inputRate = input.pointee.sample_rate
        let inputLayout = ChannelLayout(copying: input.pointee.ch_layout)
        var context: OpaquePointer? = nil
        try LibAV.check(
            swr_alloc_set_opts2(
                &context, &outputLayout.value, outputFormat, outputRate,
                &inputLayout.value, input.pointee.sample_fmt, input.pointee.sample_rate, 0, nil),
            "configuring the audio resampler")
        self.context = context
        let started = swr_init(context)
        guard started >= 0 else {
            // The input's channels cannot be mixed to the profile's (a count with no known arrangement, such as 9
            // channels of unknown order): a property of the file, answered 422 like any unusable input.
            throw TranscodeError(
                .unsuitableProfile,
                "its \(inputLayout.channels) audio channels at \(inputRate) Hz cannot be mixed to \(outputLayout.channels) "
                    + "channels at \(outputRate) Hz (\(LibAV.errorText(started)))")
        }
    }

    deinit { swr_free(&context) }

    /// Converts `frame` (or drains the resampler when `nil`) into `fifo`; returns the samples written.
    @discardableResult
    func convert(_ frame: Frame?, into fifo: AudioFIFO) throws(TranscodeError) -> Int32 {
        let inputSamples = frame?.pointer.pointee.nb_samples ?? 0
        let capacity = swr_get_out_samples(context, inputSamples)
        guard capacity > 0 else { return 0 }
        let output = try Frame.audio(samples: capacity, format: outputFormat, layout: outputLayout, sampleRate: outputRate)
        let inputData = frame.map { UnsafeMutableRawPointer($0.pointer.pointee.extended_data!) }
        let converted = swr_convert(
            context,
            UnsafeMutableRawPointer(output.pointer.pointee.extended_data!).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
            capacity,
            inputData?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
            inputSamples)
        try LibAV.check(converted, "resampling audio")
        if converted > 0 { try fifo.write(output, samples: converted) }
        return converted
    }
}
