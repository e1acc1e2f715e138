import PrecisCore
import PrecisStages
import PrecisTestSupport
import Testing

/// The one list of stage types, compared with a checked-in listing.
struct RegistryTests {
  @Test func listingMatchesGolden() {
    let listing = PrecisStages.registry.listing()
    let mismatch = Golden.compare(
      listing, with: Golden.packageRoot + "/Tests/PrecisStagesTests/stages.golden.txt")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test func namesAreUniqueAndEveryOptionHasHelp() {
    let names = PrecisStages.registry.names
    #expect(Set(names).count == names.count)
    for type in PrecisStages.registry.types {
      #expect(!type.summary.isEmpty)
      for option in type.options {
        #expect(!option.help.isEmpty, "\(type.typeName).\(option.name)")
        guard let value = option.defaultValue else { continue }
        switch option.kind {
        case .path, .paths, .sources: continue  // checked when a pipeline loads
        default:
          let parsed = option.parse(value)
          #expect(parsed != nil, "default of \(type.typeName).\(option.name)")
        }
      }
    }
  }

  @Test func everyRequiredLayerIsProducedByAnEarlierType() {
    var available: Set<Layer> = [.input]
    for type in PrecisStages.registry.types {
      #expect(Set(type.requires).isSubset(of: available), "\(type.typeName)")
      available.formUnion(type.produces)
    }
  }
}
