import Foundation
import Interpreter

/// Built without the fuzzer (the package's normal build), `tessera-fuzz TARGET FILE|DIR…`
/// replays inputs once each: how CI runs the committed corpora and how an input a campaign
/// found is reproduced. Built by `tools/fuzz.sh` with `-sanitize=fuzzer,address -DFUZZING`,
/// it hands its arguments to libFuzzer (`LLVMFuzzerRunDriver`), which drives the target
/// `TESSERA_FUZZ_TARGET` names.
@main
enum Entry {
  static func main() {
    let arguments = CommandLine.arguments
    #if FUZZING
      exit(runLibFuzzer(arguments))
    #endif
    guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("usage: tessera-fuzz TARGET [FILE|DIR…]; targets: \(names)\n".utf8))
      exit(2)
    }
    var count = 0
    for path in arguments.dropFirst(2) {
      for file in files(at: path) {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        target.run(data)
        count += 1
      }
    }
    print("\(target.rawValue): replayed \(count) inputs")
  }

  /// The file itself, or a folder's files sorted by name.
  static func files(at path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
    guard isFolder.boolValue else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
  }
}

#if FUZZING
  /// libFuzzer's entry (its own `main` runs, taking libFuzzer's options): the target comes
  /// from `TESSERA_FUZZ_TARGET`, which `tools/fuzz.sh` sets.
  let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TESSERA_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("TESSERA_FUZZ_TARGET must be one of: \(names)\n".utf8))
      exit(2)
    }
    return target
  }()

  @_cdecl("LLVMFuzzerTestOneInput")
  func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzTarget.run(bytes.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
  }

  @_silgen_name("LLVMFuzzerMutate")
  func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int

  /// For the `onnx` target, three mutations in four change the model as a message
  /// (`ModelMutator`); the rest, and every other target, are libFuzzer's byte mutations.
  @_cdecl("LLVMFuzzerCustomMutator")
  func customMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    guard fuzzTarget == .onnx, seed % 4 != 0, let data else { return LLVMFuzzerMutate(data, size, maxSize) }
    var mutator = ModelMutator(random: SplitMix64(seed: UInt64(seed)))
    guard let mutated = mutator.mutate(Data(bytes: data, count: size)), mutated.count <= maxSize else {
      return LLVMFuzzerMutate(data, size, maxSize)
    }
    mutated.copyBytes(to: data, count: mutated.count)
    return mutated.count
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  func runLibFuzzer(_ arguments: [String]) -> CInt {
    var argc = CInt(arguments.count)
    var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    return pointers.withUnsafeMutableBufferPointer { buffer in
      var argv = buffer.baseAddress
      return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
    }
  }
#endif
