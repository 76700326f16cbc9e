/// The command loop of a kernel that streams its tensors through the chip in equal chunks:
/// vector and movement kernels, and NVDLA hardware layers (one chunk per stripe of output
/// channels). Per chunk: load a share of each input, run a share of each compute step, store
/// a share of each output. Chunks alternate between two halves of the on-chip buffers, so
/// loading chunk i + 1 overlaps computing chunk i — unless the buffer is single: then each
/// chunk's load waits for the previous chunk's work to leave it.
struct ChunkLoop: Sendable {
  struct Transfer: Sendable {
    var mnemonic: String
    var tensor: String
    var bytes: Int
  }

  struct Step: Sendable {
    var kind: Command.Kind
    var mnemonic: String
    var queue: String
    var unit: String
    var cycles: Double
  }

  var chunks: Int
  var loads: [Transfer]
  var steps: [Step]
  var stores: [Transfer]
  var loadQueue: String
  var storeQueue: String
  /// Where chunks land on chip (`nil`: the unit reads DRAM directly).
  var inputLevel: String?
  var outputLevel: String?
  var halfBytes: Int
  /// Regions every command of the loop reads (an NVDLA layer's register group).
  var alsoReads: [Region] = []
  /// Chunks alternate between two halves (`false`: every chunk uses the same one).
  var doubleBuffered = true

  var levels: [LoopLevel] { [LoopLevel(name: "chunk", trips: chunks)] }

  /// `total` split into `chunks` integer shares; share `i` (they add up to `total`).
  private func share(_ total: Int, _ i: Int) -> Int {
    let n = max(chunks, 1)
    return Int((Double(total) * Double(i + 1) / Double(n)).rounded(.down))
      - Int((Double(total) * Double(i) / Double(n)).rounded(.down))
  }

  func commands(_ p: [Int]) -> [Command] {
    let i = p.first ?? 0
    let half = doubleBuffered ? i % 2 : 0
    let input = inputLevel.map { Region(level: $0, offsetBytes: half * halfBytes, sizeBytes: halfBytes) }
    let output = outputLevel.map { Region(level: $0, offsetBytes: (2 + half) * halfBytes, sizeBytes: halfBytes) }
    var out: [Command] = []
    for load in loads {
      let bytes = share(load.bytes, i)
      guard bytes > 0 else { continue }
      out.append(
        Command(
          .load, load.mnemonic, queue: loadQueue, unit: CommandVocabulary.loadUnit, bytes: bytes, reads: alsoReads,
          writes: input.map { [$0] } ?? [], tensor: load.tensor))
    }
    let n = Double(max(chunks, 1))
    for (index, step) in steps.enumerated() {
      let reads = (index == 0 ? input.map { [$0] } ?? [] : output.map { [$0] } ?? []) + alsoReads
      out.append(
        Command(
          step.kind, step.mnemonic, queue: step.queue, unit: step.unit, cycles: step.cycles / n, reads: reads,
          writes: output.map { [$0] } ?? []))
    }
    for store in stores {
      let bytes = share(store.bytes, i)
      guard bytes > 0 else { continue }
      out.append(
        Command(
          .store, store.mnemonic, queue: storeQueue, unit: CommandVocabulary.storeUnit, bytes: bytes,
          reads: ((steps.isEmpty ? input : output).map { [$0] } ?? []) + alsoReads, tensor: store.tensor))
    }
    return out
  }
}
