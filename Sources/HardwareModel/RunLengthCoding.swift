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

  /// Bytes `rawBytes` of `elementBits`-bit values occupy coded when a fraction `zeros` of
  /// them is zero (independently placed): never more than uncoded, the coder being bypassed
  /// when coding would not shrink the data (dense inputs such as an image), and never coded
  /// when a value does not fit the level field.
  public func codedBytes(_ rawBytes: Int, elementBits: Int, zeros: Double) -> Int {
    guard elementBits > 0, elementBits <= levelBits, pairsPerWord > 0, zeros > 0 else { return rawBytes }
    let z = min(max(zeros, 0), 1)
    var longRun = 1.0  // z^(longest run + 1): a run that overflows the run field
    for _ in 0..<((1 << min(runBits, 16)) - 1 + 1) { longRun *= z }
    let pairsPerValue = (1 - z) + longRun
    let bitsPerValue = pairsPerValue * Double(wordBits) / Double(pairsPerWord)
    guard bitsPerValue < Double(elementBits) else { return rawBytes }
    return Int((Double(rawBytes) * bitsPerValue / Double(elementBits)).rounded(.up))
  }
}
