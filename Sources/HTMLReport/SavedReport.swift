import Compiler
import Exploration
import Foundation
import GraphIR

extension HTML {
  /// The page of a saved JSON report (`tessera report FILE --html OUT`): a compile or simulate
  /// report (`--format json`), a compare report, or an explore report, told apart by their keys.
  public static func saved(_ data: Data, file: String) throws(CompileError) -> String {
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: data) } catch {
      throw CompileError("\(file): not JSON (\(excerpt(error.localizedDescription)))")
    }
    guard let keys = (object as? [String: Any]).map({ Set($0.keys) }) else {
      throw CompileError("\(file): not a tessera JSON report (the top level is not an object)")
    }
    let decoder = JSONDecoder()
    do {
      if keys.isSuperset(of: ["kernels", "passes", "target"]) {
        return compile(try decoder.decode(CompileReport.self, from: data), model: name)
      }
      if keys.isSuperset(of: ["configurations", "deltas"]) {
        return compare(try decoder.decode(CompareReport.self, from: data), model: name)
      }
      if keys.isSuperset(of: ["points", "pareto"]) {
        let saved = try decoder.decode(SavedExplore.self, from: data)
        return explore(points: saved.points, pareto: saved.pareto, title: name)
      }
    } catch { throw CompileError("\(file): \(excerpt(SavedSchedule.describe(error)))") }
    throw CompileError(
      "\(file): not a tessera JSON report (expected the JSON of compile, simulate, compare or explore; top-level keys: \(excerpt(keys.sorted().joined(separator: ", "))))"
    )
  }

  struct SavedExplore: Decodable {
    var points: [PointResult]
    var pareto: [PointResult]
  }
}
