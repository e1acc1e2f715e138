import PrecisCore
import PrecisGlossary
import PrecisRendering
import PrecisSegmentation
import PrecisSummarization

/// The one list of every stage type a pipeline file may name.
public enum PrecisStages {
  /// Every stage type, in the order of the default pipeline. A test compares this list with a
  /// checked-in listing.
  public static let registry = StageRegistry([
    NormalizeStage.self,
    SegmentStage.self,
    TranslateTermsStage.self,
    SummarizeStage.self,
    RenderStage.self,
  ])

  /// A loader for pipeline files that name these stages.
  public static var loader: PipelineLoader { PipelineLoader(registry: registry) }
}
