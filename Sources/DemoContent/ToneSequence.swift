import Foundation

/// A looping pentatonic melody (C major pentatonic, like a music box): each note half a second,
/// a quick attack and a soft exponential decay, with a quiet octave overtone. Pure function of the sample index.
struct ToneSequence {
    /// Frequencies in Hz: C5 D5 E5 G5 A5 G5 E5 D5 | C5 E5 G5 C6 A5 G5 E5 C5.
    static let notes: [Double] = [
        523.25, 587.33, 659.25, 783.99, 880.00, 783.99, 659.25, 587.33,
        523.25, 659.25, 783.99, 1046.50, 880.00, 783.99, 659.25, 523.25,
    ]
    static let noteSeconds = 0.5
    static let amplitude = 0.35 * Double(Int16.max)

    let sampleRate: Int
    private let samplesPerNote: Int

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
        self.samplesPerNote = Int(Double(sampleRate) * Self.noteSeconds)
    }

    func sample(at index: Int) -> Int16 {
        let note = Self.notes[(index / samplesPerNote) % Self.notes.count]
        let t = Double(index % samplesPerNote) / Double(sampleRate)
        let attack = min(1, t / 0.01)  // 10 ms fade-in avoids clicks
        let release = min(1, (Self.noteSeconds - t) / 0.01)  // and a 10 ms fade-out
        let envelope = attack * release * exp(-3 * t)
        let phase = 2 * Double.pi * note * t
        let value = envelope * (sin(phase) + 0.25 * sin(2 * phase)) / 1.25
        return Int16((value * Self.amplitude).rounded())
    }
}
