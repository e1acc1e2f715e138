import PrecisCore
import Testing

@testable import PrecisGlossary

@Test func probe() throws {
  var document = Fixture.document([
    "Les semi-conducteurs et les sous-traitants.", "Les réseaux de neurones.", "Les États-Unis et la main-d'œuvre.",
    "Des porte-parole, des start-up.", "Les PUCES Électroniques.", "Des IA génératives.", "Les Pays-Bas.",
  ])
  let stage = try Fixture.stage(glossaries: [Fixture.root + "/lexicons/glossary/fr-en.tsv"])
  try stage.run(&document, context: StageContext(stageID: "terms"))
  for m in document.terms!.matches { print("PROBE", m.form, "|", m.source, "|", m.target, m.plural) }
  print("PROBE", try Fixture.worker().tokens(in: "semi-conducteurs main-d'œuvre").map(\.text))
}
