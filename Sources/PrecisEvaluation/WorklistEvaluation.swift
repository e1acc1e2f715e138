import Foundation
import PrecisCore
import PrecisGlossary

/// How high the worklist of a corpus (`CorpusTerms`, as `precis terms` lists it) puts the terms
/// a glossary holds, for each ranking: the pipeline's glossaries are left out, so that their
/// terms are proposed like any other, and each term proposed is looked up among their entries.
public struct WorklistScore: Sendable {
  /// One ranking's lists and scores, terms and names apart (names come last in a worklist).
  public struct Ranked: Sendable {
    /// The ranking.
    public var ranking: CorpusTerms.Ranking
    /// The terms proposed in its order, each with whether a glossary entry has it (in any of
    /// its forms).
    public var terms: [(term: CorpusTermCandidate, isEntry: Bool)]
    /// The names proposed in its order, the same way.
    public var names: [(term: CorpusTermCandidate, isEntry: Bool)]
    /// How high it puts the entries among the terms.
    public var termScore: RankingScore { RankingScore(relevance: terms.map(\.isEntry)) }
    /// How high it puts the entries among the names.
    public var nameScore: RankingScore { RankingScore(relevance: names.map(\.isEntry)) }
  }

  /// The articles counted.
  public var articles = 0
  /// The glossary files left out.
  public var files = 0
  /// Their distinct terms, in lowercase.
  public var entries = 0
  /// Each ranking, in the order of `CorpusTerms.Ranking.allCases`.
  public var rankings: [Ranked] = []
}

/// Scores the rankings of a corpus's worklist against the glossaries of a pipeline.
public enum WorklistEvaluation {
  /// Counts the terms of `texts` as `precis terms` does over several articles, proposed when
  /// seen in at least `minimumArticles` of them, with the glossaries of the pipeline `load`
  /// gives left out, and scores every ranking against those glossaries' entries. `load` loads
  /// the pipeline through translate-terms with the overrides it is handed.
  ///
  /// - Complexity: O(*n*) in the length of the texts, times the pipeline's cost, plus the
  ///   glossaries' reading and the sorting of the terms.
  public static func evaluate(
    _ texts: [(source: String, text: String)], minimumArticles: Int,
    load: ([OptionOverride]) throws -> Pipeline
  ) throws -> WorklistScore {
    let loaded = try load([])
    let stage = try TranslateTermsStage.last(in: loaded)
    let glossary = try Glossary.load(
      stage.glossaryFiles, sourceLanguage: loaded.sourceLanguage, targetLanguage: loaded.targetLanguage,
      tokenizer: WordTokenizer(language: loaded.sourceLanguage))
    let gold = Set(glossary.entries.map { $0.source.lowercased() })

    // The same pipeline with one glossary of no entry (read when the stage is made, so the
    // file goes right after), and without each article's own list of candidates.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "precis-worklist-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let empty = folder + "/none.tsv"
    try AtomicFile.write("source\ttarget\n", to: empty)
    let bare = try load([
      OptionOverride(
        stageType: "translate-terms", option: "glossary", value: empty, origin: "the worklist's evaluation"),
      OptionOverride(
        stageType: "translate-terms", option: "candidates", value: "false",
        origin: "the worklist's evaluation"),
    ])
    let bareStage = try TranslateTermsStage.last(in: bare)
    var corpus = bareStage.corpus(minimumArticles: minimumArticles)
    for (source, text) in texts {
      var document = Document(source: source, input: Array(text.utf8))
      try bare.run(&document)
      corpus.add(bareStage.corpusArticle(of: document), source: source)
    }

    var score = WorklistScore()
    score.articles = texts.count
    score.files = stage.glossaryFiles.count
    score.entries = gold.count
    for ranking in CorpusTerms.Ranking.allCases {
      var ranked = WorklistScore.Ranked(ranking: ranking, terms: [], names: [])
      for candidate in corpus.candidates(ranking: ranking) {
        let isEntry = ([candidate.form] + candidate.variants).contains { gold.contains($0.lowercased()) }
        if candidate.isName {
          ranked.names.append((candidate, isEntry))
        } else {
          ranked.terms.append((candidate, isEntry))
        }
      }
      score.rankings.append(ranked)
    }
    return score
  }
}
