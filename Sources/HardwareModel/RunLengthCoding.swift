/// Run-length coding of activations on their way to and from DRAM (Eyeriss, JSSC 2017
/// §V-B): each nonzero value is a (run of zeros before it, value) pair, `pairsPerWord`
/// pairs packed in a `wordBits`-bit word (Eyeriss: three 5-bit runs and 16-bit levels and a
/// last-word flag in 64 bits). A run longer than the run field holds costs one more pair.
public struct RunLengthCoding: Hashable, Sendable {
  public var runBits: Int
  public var levelBits: Int
  public var pairsPerWord: Int
  public var wordBits: Int

  public init(runBits: Int, levelBits: Int, pairsPerWord: Int, wordBits: Int) {
    (self.runBits, self.levelBits, self.pairsPerWord, self.wordBits) = (runBits, levelBits, pairsPerWord, wordBits)
  }

  /// Coded size over raw size for `elementBits`-bit values of which a fraction `zeros` is
  /// zero (independently placed): at most 1, the coder being bypassed when coding would not
  /// shrink the data (dense inputs such as an image), and 1 when a value does not fit the
  /// level field.
  public func ratio(elementBits: Int, zeros: Double) -> Double {
    guard elementBits > 0, elementBits <= levelBits, pairsPerWord > 0, zeros > 0 else { return 1 }
    let z = min(max(zeros, 0), 1)
    var longRun = 1.0  // z^(longest run + 1): a run that overflows the run field
    for _ in 0..<((1 << min(runBits, 16)) - 1 + 1) { longRun *= z }
    let pairsPerValue = (1 - z) + longRun
    return min(pairsPerValue * Double(wordBits) / Double(pairsPerWord) / Double(elementBits), 1)
  }

  /// Bytes `rawBytes` of such values occupy coded (`ratio`).
  public func codedBytes(_ rawBytes: Int, elementBits: Int, zeros: Double) -> Int {
    let r = ratio(elementBits: elementBits, zeros: zeros)
    return r < 1 ? Int((Double(rawBytes) * r).rounded(.up)) : rawBytes
  }
}
