import Foundation

/// Bounded, robust nonlinear least squares on logarithms: Levenberg–Marquardt (Marquardt,
/// SIAM J. Appl. Math. 1963) over log-parameters clamped to their bounds, with a forward-
/// difference Jacobian, minimizing Σ wᵢ·ρ(log predictedᵢ − log measuredᵢ) where ρ is Huber's
/// loss (Huber 1964; δ = 0.2, about 20 %: a layer the model cannot explain stops pulling the
/// fit once it is further off than that) and wᵢ weighs each measurement by its noise.
struct RobustFit {
  /// Log-predictions of every sample for a parameter vector (natural units).
  var predict: ([Double]) throws -> [Double]
  var logMeasured: [Double]
  var weights: [Double]
  var lower: [Double]
  var upper: [Double]
  /// Parameters fitted as whole numbers: their difference steps move them by at least one.
  var integral: [Bool] = []
  static let huberDelta = 0.2

  /// The fitted parameters, starting at `start` (natural units): Levenberg–Marquardt, then a
  /// coordinate search that finishes what the kinks of a roofline (a max of roofs) stop it at.
  func fit(from start: [Double], iterations: Int = 60) throws -> [Double] {
    let x = zip(start, zip(lower, upper)).map { log(min(max($0, $1.0), $1.1)) }
    return try polish(try marquardt(x, iterations: iterations)).map(exp)
  }

  /// Halving steps along each log-parameter in turn while the loss falls.
  private func polish(_ start: [Double]) throws -> [Double] {
    var x = start
    var cost = try loss(x)
    var step = 0.5
    while step > 1e-3 {
      var moved = false
      for j in x.indices {
        for direction in [1.0, -1.0] {
          var candidate = x
          candidate[j] = min(max(x[j] + direction * step, log(lower[j])), log(upper[j]))
          let candidateCost = try loss(candidate)
          if candidateCost < cost - 1e-12 * cost {
            (x, cost, moved) = (candidate, candidateCost, true)
            break
          }
        }
      }
      if !moved { step /= 2 }
    }
    return x
  }

  private func marquardt(_ start: [Double], iterations: Int) throws -> [Double] {
    var x = start
    var cost = try loss(x)
    var lambda = 1e-2
    for _ in 0..<iterations {
      let (r, jacobian) = try linearize(x)
      let w = robustWeights(r)
      let p = x.count
      var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
      var g = [Double](repeating: 0, count: p)
      for i in r.indices {
        for j in 0..<p {
          g[j] -= w[i] * jacobian[i][j] * r[i]
          for k in 0..<p { a[j][k] += w[i] * jacobian[i][j] * jacobian[i][k] }
        }
      }
      var improved = false
      for _ in 0..<12 {
        var damped = a
        for j in 0..<p { damped[j][j] += lambda * max(a[j][j], 1e-12) }
        guard let step = Self.solve(damped, g) else {
          lambda *= 10
          continue
        }
        let candidate = x.indices.map { min(max(x[$0] + step[$0], log(lower[$0])), log(upper[$0])) }
        let candidateCost = try loss(candidate)
        if candidateCost < cost {
          let gain = cost - candidateCost
          (x, cost, lambda, improved) = (candidate, candidateCost, max(lambda / 3, 1e-9), true)
          if gain < 1e-10 * max(cost, 1e-12) { return x }
          break
        }
        lambda *= 4
      }
      if !improved { break }
    }
    return x
  }

  /// Weighted log-residuals of every sample, and their derivatives by each log-parameter.
  func linearize(_ x: [Double]) throws -> (residuals: [Double], jacobian: [[Double]]) {
    let r = try residuals(x)
    var jacobian = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: r.count)
    for j in x.indices {
      var shifted = x
      let whole = j < integral.count && integral[j]
      let size = whole ? max(1e-3, log1p(1 / max(exp(x[j]).rounded(), 1))) : 1e-3
      let h = x[j] + size <= log(upper[j]) ? size : -size
      shifted[j] += h
      let moved = try residuals(shifted)
      for i in r.indices { jacobian[i][j] = (moved[i] - r[i]) / h }
    }
    return (r, jacobian)
  }

  func residuals(_ x: [Double]) throws -> [Double] {
    let predicted = try predict(x.map(exp))
    return predicted.indices.map { (predicted[$0] - logMeasured[$0]) * weights[$0].squareRoot() }
  }

  /// Huber's loss of the weighted residuals.
  func loss(_ x: [Double]) throws -> Double {
    try residuals(x).enumerated().reduce(0) { total, item in
      let delta = Self.huberDelta * weights[item.offset].squareRoot()
      let a = abs(item.element)
      return total + (a <= delta ? a * a / 2 : delta * (a - delta / 2))
    }
  }

  /// IRLS weights of Huber's loss: 1 inside δ, δ/|r| beyond.
  private func robustWeights(_ r: [Double]) -> [Double] {
    r.indices.map { i in
      let delta = Self.huberDelta * weights[i].squareRoot()
      return abs(r[i]) <= delta ? 1 : delta / abs(r[i])
    }
  }

  /// Solves a small dense system by Gaussian elimination with partial pivoting.
  static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
    var a = matrix
    var b = vector
    let n = b.count
    for column in 0..<n {
      guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
        abs(a[pivot][column]) > 1e-300
      else { return nil }
      a.swapAt(column, pivot)
      b.swapAt(column, pivot)
      for row in (column + 1)..<n {
        let factor = a[row][column] / a[column][column]
        for k in column..<n { a[row][k] -= factor * a[column][k] }
        b[row] -= factor * b[column]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
      let rest = ((row + 1)..<n).reduce(0) { $0 + a[row][$1] * x[$1] }
      x[row] = (b[row] - rest) / a[row][row]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
  }

  /// Parameters the data cannot identify at `x` (natural units), each with a reason: no
  /// sample depends on it, or its effect is a combination of the others' (pivoted
  /// Gram–Schmidt on the weighted Jacobian's columns).
  func unidentifiable(at x: [Double], names: [String]) throws -> [(index: Int, reason: String)] {
    let (_, jacobian) = try linearize(x.map(log))
    let columns = x.indices.map { j in jacobian.map { $0[j] } }
    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let largest = columns.map(norm).max() ?? 0
    var basis: [[Double]] = []
    var result: [(Int, String)] = []
    for (j, column) in columns.enumerated() {
      let size = norm(column)
      if size <= 1e-6 * max(largest, 1e-12) {
        result.append((j, "no measurement's prediction depends on it"))
        continue
      }
      var rest = column
      for b in basis {
        let dot = zip(rest, b).reduce(0) { $0 + $1.0 * $1.1 }
        rest = zip(rest, b).map { $0 - dot * $1 }
      }
      let left = norm(rest)
      if left <= 1e-3 * size {
        let partner = columns.indices.filter { $0 != j && !result.map(\.0).contains($0) }
          .max { abs(cosine(columns[$0], column)) < abs(cosine(columns[$1], column)) }
        result.append((j, "its effect cannot be told apart from \(partner.map { names[$0] } ?? "the others")"))
        continue
      }
      basis.append(rest.map { $0 / left })
    }
    return result
  }

  private func cosine(_ a: [Double], _ b: [Double]) -> Double {
    let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    let n = (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot()
    return n > 0 ? dot / n : 0
  }
}
