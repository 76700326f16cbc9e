/// A target value `tessera calibrate` may fit: a `--set` path to a positive number and the
/// bounds the fit keeps it in (`calibration: {free: {PATH: [LOWER, UPPER]}}` in a target file).
public struct FreeParameter: Hashable, Sendable {
  public var path: String
  public var lower: Double
  public var upper: Double
  /// Fitted as a whole number: its bounds and its value in the file are integers (cycle
  /// counts); rounding makes small ones unidentifiable, so give such parameters room.
  public var integral: Bool

  public init(path: String, lower: Double, upper: Double, integral: Bool = false) {
    (self.path, self.lower, self.upper, self.integral) = (path, lower, upper, integral)
  }
}
