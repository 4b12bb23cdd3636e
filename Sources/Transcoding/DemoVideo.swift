import CFFmpeg
import Foundation

/// Generates the demo/test video: colour bars, a box moving across the picture, a binary frame
/// counter along the bottom, and a 440 Hz tone with a 1 kHz pip at every whole second, encoded by
/// the gateway's own libav code as H.264 + AAC in MP4 (moov first).
public enum DemoVideo {
    /// Writes a `seconds`-long `width`×`height` video at `fps` frames per second to `path`.
    /// - Parameters:
    ///   - audioChannels: channels of the tone (0 for a video without audio).
    /// - Throws: ``TranscodeError``.
    public static func write(
        path: String, seconds: Int = 60, width: Int = 1280, height: Int = 720, fps: Int = 30,
        audioChannels: Int = 2
    ) throws(TranscodeError) {
        let partial = path + ".partial"
        do {
            try write(partial: partial, seconds: seconds, width: width & ~1, height: height & ~1, fps: fps,
                audioChannels: audioChannels)
        } catch {
            unlink(partial)
            throw error
        }
        if rename(partial, path) != 0 {
            unlink(partial)
            throw TranscodeError(.io, "cannot move the demo video to \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func write(
        partial: String, seconds: Int, width: Int, height: Int, fps: Int, audioChannels: Int
    ) throws(TranscodeError) {
        let sink = try FileDescriptorSink(path: partial)
        let output = try MediaOutput(formatName: "mp4", sink: sink, url: partial)
        let videoSettings = TranscodeProfile.Video(
            rateControl: .crf(23), preset: "veryfast", maxWidth: width, maxHeight: height, maxFrameRate: fps)
        let interval = 2 * fps
        let videoEncoder = try CodecContext.videoEncoder(
            videoSettings, width: width, height: height, fps: (fps, 1), keyframeInterval: interval,
            globalHeader: output.needsGlobalHeader)
        let videoStream = try output.addStream(for: videoEncoder)
        var audioEncoder: CodecContext? = nil
        var audioStream: UnsafeMutablePointer<AVStream>? = nil
        if audioChannels > 0 {
            let encoder = try CodecContext.audioEncoder(
                TranscodeProfile.Audio(codec: .aac, bitrate: 128_000, channels: audioChannels, sampleRate: 48000),
                globalHeader: output.needsGlobalHeader)
            audioStream = try output.addStream(for: encoder)
            audioEncoder = encoder
        }
        try output.writeHeader(options: ["movflags": "+faststart"])

        let packet = try Packet()
        func drain(_ encoder: CodecContext, _ stream: UnsafeMutablePointer<AVStream>) throws(TranscodeError) {
            while try encoder.receive(packet: packet) {
                av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
                packet.pointer.pointee.stream_index = stream.pointee.index
                try output.write(packet)
            }
        }
        let picture = try Frame.video(width: Int32(width), height: Int32(height), format: AV_PIX_FMT_YUV420P)
        let sampleRate = 48000
        let frameSize = Int(audioEncoder?.audioFrameSize ?? 1024)
        var samplesWritten = 0
        let totalFrames = seconds * fps
        let totalSamples = seconds * sampleRate
        for index in 0..<totalFrames {
            try LibAV.check(av_frame_make_writable(picture.pointer), "preparing a demo picture")
            draw(picture, index: index, width: width, height: height, fps: fps)
            picture.pointer.pointee.pts = Int64(index)
            try videoEncoder.send(frame: picture)
            try drain(videoEncoder, videoStream)
            if let audioEncoder, let audioStream {
                let until = min(totalSamples, (index + 1) * sampleRate / fps)
                while samplesWritten + frameSize <= until || (index == totalFrames - 1 && samplesWritten < totalSamples) {
                    let count = min(frameSize, totalSamples - samplesWritten)
                    let frame = try tone(start: samplesWritten, count: count, frameSize: frameSize, encoder: audioEncoder)
                    try audioEncoder.send(frame: frame)
                    try drain(audioEncoder, audioStream)
                    samplesWritten += count
                }
            }
        }
        try videoEncoder.send(frame: nil)
        try drain(videoEncoder, videoStream)
        if let audioEncoder, let audioStream {
            try audioEncoder.send(frame: nil)
            try drain(audioEncoder, audioStream)
        }
        try output.finish()
    }

    /// 75 % colour bars in BT.601 limited range (Y, Cb, Cr).
    private static let bars: [(UInt8, UInt8, UInt8)] = [
        (180, 128, 128), (162, 44, 142), (131, 156, 44), (112, 72, 58),
        (84, 184, 198), (65, 100, 212), (35, 212, 114),
    ]

    private static func draw(_ frame: Frame, index: Int, width: Int, height: Int, fps: Int) {
        let f = frame.pointer.pointee
        let luma = f.data.0!
        let cb = f.data.1!
        let cr = f.data.2!
        let lumaStride = Int(f.linesize.0)
        let cbStride = Int(f.linesize.1)
        let crStride = Int(f.linesize.2)
        let barHeight = height * 3 / 4
        // Colour bars.
        for barIndex in 0..<bars.count {
            let x0 = barIndex * width / bars.count
            let x1 = (barIndex + 1) * width / bars.count
            let (y, u, v) = bars[barIndex]
            for row in 0..<barHeight { memset(luma + row * lumaStride + x0, Int32(y), x1 - x0) }
            for row in 0..<(barHeight / 2) {
                memset(cb + row * cbStride + x0 / 2, Int32(u), (x1 - x0) / 2)
                memset(cr + row * crStride + x0 / 2, Int32(v), (x1 - x0) / 2)
            }
        }
        // Dark lower band with the frame counter.
        for row in barHeight..<height { memset(luma + row * lumaStride, 24, width) }
        for row in (barHeight / 2)..<(height / 2) {
            memset(cb + row * cbStride, 128, width / 2)
            memset(cr + row * crStride, 128, width / 2)
        }
        let bits = 16
        let cell = max(2, width / (bits + 2)) & ~1
        let cellTop = barHeight + (height - barHeight) / 4
        let cellHeight = max(2, (height - barHeight) / 2)
        for bit in 0..<bits where (index >> (bits - 1 - bit)) & 1 == 1 {
            let x0 = cell + bit * cell
            for row in cellTop..<min(height, cellTop + cellHeight) {
                memset(luma + row * lumaStride + x0, 235, max(1, cell - 4))
            }
        }
        // A white box moving across the bars, one full sweep every 4 seconds.
        let box = max(2, height / 6) & ~1
        let travel = max(1, width - box)
        let period = 4 * fps
        let phase = index % (2 * period)
        let x = (phase < period ? phase : 2 * period - phase) * travel / period & ~1
        let y = (barHeight - box) / 2 & ~1
        for row in y..<(y + box) { memset(luma + row * lumaStride + x, 235, box) }
        for row in (y / 2)..<((y + box) / 2) {
            memset(cb + row * cbStride + x / 2, 128, box / 2)
            memset(cr + row * crStride + x / 2, 128, box / 2)
        }
    }

    private static func tone(start: Int, count: Int, frameSize: Int, encoder: CodecContext) throws(TranscodeError) -> Frame {
        let context = encoder.pointer.pointee
        let layout = ChannelLayout(copying: context.ch_layout)
        let frame = try Frame.audio(
            samples: Int32(encoder.acceptsSmallLastFrame ? count : frameSize), format: context.sample_fmt,
            layout: layout, sampleRate: context.sample_rate)
        let rate = Double(context.sample_rate)
        // The AAC encoder takes planar floats; write every channel's plane.
        let channels = Int(layout.channels)
        let planes = frame.pointer.pointee.extended_data!
        for channel in 0..<channels {
            let plane = UnsafeMutableRawPointer(planes[channel]!).assumingMemoryBound(to: Float.self)
            for i in 0..<Int(frame.pointer.pointee.nb_samples) {
                let n = start + i
                guard i < count else {
                    plane[i] = 0
                    continue
                }
                let t = Double(n) / rate
                let pip = t - t.rounded(.down) < 0.1
                let value = 0.25 * sin(2 * Double.pi * (pip ? 1000 : 440) * t)
                plane[i] = Float(value)
            }
        }
        frame.pointer.pointee.pts = Int64(start)
        return frame
    }
}
