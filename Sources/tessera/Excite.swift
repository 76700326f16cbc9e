import ArgumentParser
import Compiler
import Foundation

struct Excite: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write single-layer ONNX models spanning real networks' dimensions, to measure and calibrate on.",
    discussion: """
      Deals 13 layer families round-robin (convolutions: dense, 1×1, depthwise, grouped; \
      matrix products; max, average and global pooling; relu, sigmoid, add; batch normalization; \
      softmax), each with dimensions drawn log-uniformly from seeded ranges (docs/calibration.md). \
      The same --count and --seed write the same bytes.

      Examples:
        tessera excite --count 200 --seed 1 --out layers
        python3 tools/measure-onnxruntime.py layers/*.onnx --runs 10 --out layers/measured.csv
        tessera calibrate --target host-cpu --measurements layers/measured.csv --out my-cpu.yaml
      """)

  @Option(help: "How many layers (1...100000).")
  var count: Int

  @Option(help: "The random seed.")
  var seed: UInt64 = 1

  @Option(help: "The folder to write NNNN-FAMILY.onnx files into (created if missing).")
  var out: String

  func validate() throws {
    if !(1...100_000).contains(count) { throw ValidationError("--count must be in 1...100000, got \(count)") }
  }

  func run() throws {
    let paths: [String]
    do { paths = try Excitation.write(count: count, seed: seed, to: out) } catch { throw UserError(error.description) }
    print("wrote \(paths.count) models to \(out)")
  }
}
