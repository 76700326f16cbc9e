import HardwareModel

/// What each abstract step of a kernel is called, and which queue it goes to, on one family
/// of accelerators. The steps are the same everywhere (configure, load, compute, store,
/// synchronize); the names and queues are the hardware's.
///
/// Sources: Gemmini's ISA (Genc et al., DAC 2021, §3: mvin, mvout, preload, compute, config,
/// fence; load/execute/store reservation-station queues), TPU v1's CISC instructions (Jouppi et
/// al., ISCA 2017, §2: Read_Host_Memory, Read_Weights, MatrixMultiply, Activate,
/// Write_Host_Memory), NVDLA's hardware-layer flow (nvdla.org hardware manual: CDMA → CSC/CMAC
/// → CACC → SDP/PDP → WDMA; register groups programmed over CSB; one interrupt per layer),
/// Eyeriss's processing passes (Chen et al., JSSC 2017), Plasticine's PMU/PCU pipelines
/// (Prabhakar et al., ISCA 2017) and UltraTrail's layer-wise configuration (Bernardo et al.,
/// TCAD 2020).
struct CommandVocabulary: Sendable {
  /// Set-up commands at the start of each kernel (their cycles split the kernel overhead).
  var config: [(mnemonic: String, queue: String)]
  var loadInput: String
  var loadWeight: String
  /// Partial sums brought back into the accumulator.
  var loadPartial: String
  /// Issued before each compute to load the stationary operand (`nil`: none).
  var preload: String?
  var compute: String
  /// Vector work (activations, pooling, element-wise stages), or `nil` where each vector
  /// unit's commands bear its own name (NVDLA programs SDP, PDP and CDP separately).
  var vector: String?
  var store: String
  var storePartial: String
  /// Issued at the end of each kernel (`nil`: the next kernel simply waits).
  var fence: String?
  var loadQueue: String
  var executeQueue: String
  var storeQueue: String

  /// The command of vector work on `unit`.
  func vectorMnemonic(unit: String) -> String { vector ?? unit }

  static let loadUnit = "dma.load"
  static let storeUnit = "dma.store"
  static let controller = "controller"

  static func of(_ family: SimulationSettings.Family) -> CommandVocabulary {
    switch family {
    case .gemmini:
      CommandVocabulary(
        config: [("config_ld", "load"), ("config_ex", "execute"), ("config_st", "store")], loadInput: "mvin",
        loadWeight: "mvin", loadPartial: "mvin_acc", preload: "preload", compute: "compute_preloaded",
        vector: "mvout_activation", store: "mvout", storePartial: "mvout_acc", fence: "fence", loadQueue: "load",
        executeQueue: "execute", storeQueue: "store")
    case .nvdla:
      CommandVocabulary(
        config: [], loadInput: "cdma_dat", loadWeight: "cdma_wt", loadPartial: "cdma_dat", preload: nil,
        compute: "cmac", vector: nil, store: "wdma", storePartial: "wdma", fence: nil, loadQueue: "cdma",
        executeQueue: "cmac", storeQueue: "wdma")
    case .systolic:
      CommandVocabulary(
        config: [("configure", "compute")], loadInput: "load_tile", loadWeight: "load_tile",
        loadPartial: "load_partial", preload: nil, compute: "compute_fold", vector: "vector", store: "store_tile",
        storePartial: "store_partial", fence: "barrier", loadQueue: "load", executeQueue: "compute",
        storeQueue: "store")
    case .tpu:
      CommandVocabulary(
        config: [("Configure", "execute")], loadInput: "Read_Host_Memory", loadWeight: "Read_Weights",
        loadPartial: "Read_Host_Memory", preload: nil, compute: "MatrixMultiply", vector: "Activate",
        store: "Write_Host_Memory", storePartial: "Write_Host_Memory", fence: "Sync", loadQueue: "load",
        executeQueue: "execute", storeQueue: "store")
    case .eyeriss:
      CommandVocabulary(
        config: [("configure_array", "execute")], loadInput: "glb_load_ifmap", loadWeight: "glb_load_filter",
        loadPartial: "glb_load_psum", preload: nil, compute: "processing_pass", vector: "relu",
        store: "glb_store_ofmap", storePartial: "glb_store_psum", fence: nil, loadQueue: "load",
        executeQueue: "execute", storeQueue: "store")
    case .plasticine:
      CommandVocabulary(
        config: [("reconfigure", "execute")], loadInput: "pmu_load", loadWeight: "pmu_load",
        loadPartial: "pmu_load", preload: nil, compute: "pcu_pass", vector: "pcu_vector", store: "pmu_store",
        storePartial: "pmu_store", fence: nil, loadQueue: "load", executeQueue: "execute", storeQueue: "store")
    case .ultratrail:
      CommandVocabulary(
        config: [("layer_config", "execute")], loadInput: "fmem_read", loadWeight: "wmem_read",
        loadPartial: "fmem_read", preload: nil, compute: "conv_step", vector: "opu", store: "fmem_write",
        storePartial: "fmem_write", fence: nil, loadQueue: "load", executeQueue: "execute", storeQueue: "store")
    }
  }

  func queueDepth(_ queue: String, _ settings: SimulationSettings) -> Int {
    switch queue {
    case loadQueue: settings.loadQueueDepth
    case storeQueue: settings.storeQueueDepth
    default: settings.executeQueueDepth
    }
  }
}
