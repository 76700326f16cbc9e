import Foundation

/// How far an actual tensor is from an expected one: the figures `tessera run
/// --compare-with` and `compile --verify-numerics` print.
public struct ErrorStatistics: Sendable, Equatable {
  /// Largest `|actual − expected|`.
  public var maxAbsoluteError: Double
  /// Largest `|actual − expected| / |expected|` over elements with `expected ≠ 0`.
  public var maxRelativeError: Double
  /// Signal-to-quantization-noise ratio, `10·log10(Σ expected² / Σ (actual − expected)²)`
  /// in dB; `+∞` when the two are equal.
  public var sqnrDecibels: Double
  /// Elements outside `atol + rtol·|expected|` (NaN matches NaN, ±∞ match themselves);
  /// integer tensors must match exactly.
  public var mismatches: Int
  public var count: Int

  /// Compares element by element; shapes and dtypes must already agree.
  public init(actual: NDArray, expected: NDArray, relativeTolerance rtol: Double, absoluteTolerance atol: Double) {
    let a = actual.doubles
    let e = expected.doubles
    var maxAbs = 0.0
    var maxRel = 0.0
    var signal = 0.0
    var noise = 0.0
    var mismatches = 0
    for (x, y) in zip(a, e) {
      if x == y || (x.isNaN && y.isNaN) {
        signal += y.isFinite ? y * y : 0
        continue
      }
      let difference = abs(x - y)
      let differenceOrInfinity = difference.isNaN ? Double.infinity : difference
      maxAbs = max(maxAbs, differenceOrInfinity)
      if y != 0 { maxRel = max(maxRel, differenceOrInfinity / abs(y)) }
      if !(difference <= atol + rtol * abs(y)) { mismatches += 1 }
      signal += y.isFinite ? y * y : 0
      noise += differenceOrInfinity * differenceOrInfinity
    }
    self.maxAbsoluteError = maxAbs
    self.maxRelativeError = maxRel
    self.sqnrDecibels = noise == 0 ? .infinity : 10 * log10(signal / noise)
    if case .int(let exactActual) = actual.storage, case .int(let exactExpected) = expected.storage {
      // Integers compare exactly: Doubles cannot tell int64 values above 2^53 apart.
      mismatches = zip(exactActual, exactExpected).filter { $0 != $1 }.count
    }
    self.mismatches = mismatches + abs(a.count - e.count)
    self.count = e.count
  }

  public var withinTolerance: Bool { mismatches == 0 }
}
