/// A target value `tessera calibrate` may fit: a `--set` path to a positive number and the
/// bounds the fit keeps it in (`calibration: {free: {PATH: [LOWER, UPPER]}}` in a target file).
public struct FreeParameter: Hashable, Sendable {
  public var path: String
  public var lower: Double
  public var upper: Double

  public init(path: String, lower: Double, upper: Double) {
    (self.path, self.lower, self.upper) = (path, lower, upper)
  }
}
